namespace FluxBatch.Tests.Support;

/// <summary>
/// The repository the tests were built from, found by walking up to <c>FluxBatch.sln</c>. Linked into the test projects
/// that need it from tests/Shared.
/// </summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FluxBatch.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("FluxBatch.sln not found above " + AppContext.BaseDirectory);
    }
}
