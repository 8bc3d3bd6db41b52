using FluxBatch.Emulator;

namespace FluxBatch.Cli.Tests.Run;

internal static class RunTestSupport
{
    public const string LocalKey = "local-test-key-0123456789";

    public static Dictionary<string, string> EmulatorKey(string? key = null) => new() { ["FLUXBATCH_EMULATOR_KEY"] = key ?? LocalKey };

    /// <summary><c>run MANIFEST</c> with fast polling, against <paramref name="emulator"/> (or the embedded one when null).</summary>
    public static string[] RunArgs(string manifest, RunningEmulator? emulator, params string[] more) =>
        ["run", manifest, "--poll-interval", "0.01", .. emulator is null ? [] : new[] { "--provider", "emulator", "--base-url", emulator.BaseUrl.ToString() }, .. more];

    public static int ImagesIn(string runDir) =>
        Directory.Exists(runDir) ? Directory.EnumerateFiles(runDir, "*.png", SearchOption.AllDirectories).Count() : 0;

    /// <summary>
    /// Waits until the run folder holds <paramref name="count"/> images; false if the run ended first (it may leave
    /// jobs in doubt that will never have images). Fails with the run's output after 60 s.
    /// </summary>
    public static async Task<bool> WaitForImagesAsync(string runDir, int count, CliProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ImagesIn(runDir) < count)
        {
            if (process.HasExited)
                return ImagesIn(runDir) >= count;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{ImagesIn(runDir)} of {count} images after 60 s; the run's output so far:\n{process.OutputSoFar}");
            await Task.Delay(10);
        }
        return true;
    }
}
