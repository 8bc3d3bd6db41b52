using System.Text;

namespace FluxBatch.Gallery;

/// <summary>Writes <c>index.html</c> into a run folder, replacing it whole (temp file, then rename).</summary>
public static class ContactSheetWriter
{
    public const string FileName = "index.html";

    /// <returns>The page's full path.</returns>
    public static async Task<string> WriteAsync(string runDirectory, ContactSheet sheet, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetFullPath(runDirectory), FileName);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, ContactSheetHtml.Render(sheet), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
