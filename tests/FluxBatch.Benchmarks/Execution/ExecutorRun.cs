using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Outputs;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>One complete executor run (journal, images, sidecars, run.json) into a fresh folder, against a base URL.</summary>
internal static class ExecutorRun
{
    private static int _runs;

    public static async Task<RunReport> RunAsync(Uri baseUrl, long jobs, int concurrency, TimeSpan pollInterval)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fluxbatch-bench", $"{Environment.ProcessId}-{Interlocked.Increment(ref _runs)}");
        try
        {
            using var provider = new FluxProvider(new BflDialect(baseUrl, "emulator"), ApiKey.Generate());
            var executor = new BatchExecutor(provider, new RunContext("bench", new RunFolder(folder), jobs),
                new ExecutorOptions { Concurrency = concurrency, PollInterval = pollInterval });
            var report = await executor.RunAsync(BenchmarkPlans.Jobs(jobs, Path.GetFileName(folder)), CancellationToken.None);
            if (report.Downloaded != jobs)
                throw new InvalidOperationException($"benchmark run incomplete: {report}");
            return report;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
