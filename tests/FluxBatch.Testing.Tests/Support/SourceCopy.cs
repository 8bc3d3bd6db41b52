namespace FluxBatch.Testing.Tests.Support;

/// <summary>
/// The repository's files as a fresh clone has them: what git tracks plus new files it does not ignore, copied to a
/// folder of their own (so build folders never meet the solution's).
/// </summary>
internal static class SourceCopy
{
    public static async Task<string> CopyAsync(string to, params string[] under)
    {
        var listing = await ProcessRunner.RunAsync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", .. under],
            Repository.Root, TimeSpan.FromMinutes(1));
        listing.EnsureSuccess("git ls-files");
        foreach (var relative in listing.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(Repository.Root, relative);
            if (!File.Exists(source))
                continue; // deleted in the work tree, not yet committed
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        return to;
    }
}
