using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Outputs;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>
/// One complete executor run (journal, images, sidecars, run.json) into a fresh folder, against a base URL.
/// The folder is deleted by <see cref="Delete"/>, outside the measured time (deleting 40,000 files takes minutes).
/// </summary>
internal static class ExecutorRun
{
    private static int _runs;

    public static async Task<(RunReport Report, string Folder)> RunAsync(Uri baseUrl, long jobs, int concurrency, TimeSpan pollInterval)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fluxbatch-bench", $"{Environment.ProcessId}-{Interlocked.Increment(ref _runs)}");
        {
            using var provider = new FluxProvider(new BflDialect(baseUrl, "emulator"), ApiKey.Generate());
            var executor = new BatchExecutor(provider, new RunContext("bench", new RunFolder(folder), jobs),
                new ExecutorOptions { Concurrency = concurrency, PollInterval = pollInterval });
            var report = await executor.RunAsync(BenchmarkPlans.Jobs(jobs, Path.GetFileName(folder)), CancellationToken.None);
            if (report.Downloaded != jobs)
                throw new InvalidOperationException($"benchmark run incomplete: {report}");
            return (report, folder);
        }
    }

    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }
}
