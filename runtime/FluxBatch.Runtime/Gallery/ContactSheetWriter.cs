using System.Text;

namespace FluxBatch.Gallery;

/// <summary>Writes <c>index.html</c> into a folder, replacing it whole (temp file, then rename): a reader never sees half a page.</summary>
internal static class ContactSheetWriter
{
    public const string FileName = "index.html";

    /// <returns>The page's full path.</returns>
    public static Task<string> WriteAsync(string runDirectory, ContactSheet sheet, CancellationToken cancellationToken) =>
        WritePageAsync(runDirectory, output => ContactSheetHtml.Render(sheet, output), cancellationToken);

    internal static Task<string> WritePageAsync(string directory, string html, CancellationToken cancellationToken) =>
        WritePageAsync(directory, output => output.Write(new UTF8Encoding(false).GetBytes(html)), cancellationToken);

    /// <summary>The page streamed into the temp file as it is rendered (no page-sized string: docs/benchmarks.md, memory).</summary>
    private static Task<string> WritePageAsync(string directory, Action<Stream> render, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        var temp = path + ".tmp";
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            render(output);
        File.Move(temp, path, overwrite: true);
        return Task.FromResult(path);
    }
}
