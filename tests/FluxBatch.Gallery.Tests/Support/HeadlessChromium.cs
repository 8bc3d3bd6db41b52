namespace FluxBatch.Gallery.Tests.Support;

/// <summary>
/// Debian's chromium, run headless on a local file: no network (it only opens file:// pages, with every
/// background service off), a fresh profile per call. <c>.ci/run</c> installs it; a machine without it fails
/// these tests with the command to install it, because a browser test that silently skips proves nothing.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Executable { get; } = Find();

    /// <summary>The DOM after the page's scripts ran, serialized.</summary>
    public static async Task<string> DumpDomAsync(string page, string fragment = "")
    {
        var (output, _) = await RunAsync(["--dump-dom", FileUrl(page) + fragment]);
        return output;
    }

    public static async Task ScreenshotAsync(string page, string pngPath, int width = 1400, int height = 1000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
        File.Delete(pngPath);
        var (_, errors) = await RunAsync([$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars", FileUrl(page)]);
        if (!File.Exists(pngPath))
            throw new InvalidOperationException($"chromium wrote no screenshot to {pngPath}: {errors}");
    }

    private static string FileUrl(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private static async Task<(string Output, string Errors)> RunAsync(IEnumerable<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("fluxbatch-chromium-");
        try
        {
            string[] flags =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            ];
            var result = (await ProcessRunner.RunAsync(Executable, [.. flags, .. arguments], profile.FullName, Timeout)).EnsureSuccess("chromium");
            return (result.Output, result.Errors);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("FLUXBATCH_CHROMIUM");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            var candidate = path.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
            if (candidate is not null)
                return candidate;
        }
        throw new InvalidOperationException(
            "chromium is not installed: the contact sheet is tested in a real browser. Install it with " +
            "`apt-get install -y chromium` (.ci/run does), or set FLUXBATCH_CHROMIUM to a chromium binary.");
    }
}
