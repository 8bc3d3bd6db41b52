namespace FluxBatch.Generator.Tests.Infrastructure;

internal static class ManifestFiles
{
    /// <summary>The <c>*.flux.yaml</c> file names of a folder, sorted, as theory data.</summary>
    public static TheoryData<string> In(string directory)
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(directory))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    /// <summary>Full paths of the <c>*.flux.yaml</c> files of a folder, sorted (none if the folder is missing).</summary>
    public static IReadOnlyList<string> Paths(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.flux.yaml").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary><c>poster-typography.flux.yaml</c> → <c>poster-typography</c>, for snapshot names.</summary>
    public static string Stem(string fileName) => fileName.EndsWith(".flux.yaml", StringComparison.Ordinal)
        ? fileName[..^".flux.yaml".Length]
        : Path.GetFileNameWithoutExtension(fileName);
}
