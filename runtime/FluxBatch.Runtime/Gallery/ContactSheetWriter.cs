using System.Text;

namespace FluxBatch.Gallery;

/// <summary>Writes <c>index.html</c> into a folder, replacing it whole (temp file, then rename): a reader never sees half a page.</summary>
internal static class ContactSheetWriter
{
    public const string FileName = "index.html";

    /// <returns>The page's full path.</returns>
    public static Task<string> WriteAsync(string runDirectory, ContactSheet sheet, CancellationToken cancellationToken) =>
        WritePageAsync(runDirectory, ContactSheetHtml.Render(sheet), cancellationToken);

    internal static async Task<string> WritePageAsync(string directory, string html, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
