using System.Runtime.CompilerServices;

namespace FluxBatch.Generator.Tests.Infrastructure;

/// <summary>Folders of the source tree, found from this file's compile-time path (tests read data in place).</summary>
internal static class RepoPaths
{
    public static string TestsDirectory { get; } = Path.GetDirectoryName(Path.GetDirectoryName(ThisFile()))!;

    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestsDirectory, "..", ".."));

    public static string Examples => Path.Combine(Root, "examples");

    public static string TestManifests => Path.Combine(TestsDirectory, "Manifests");

    public static string InvalidCorpus => Path.Combine(Root, "tests", "FluxBatch.Manifest.Tests", "Corpus", "invalid");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
