using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>Runs plans through a <see cref="BatchExecutor"/> with test-speed options.</summary>
internal static class ExecutorHarness
{
    public static ExecutorOptions FastOptions(int concurrency = 4, decimal? budget = null) => new()
    {
        Concurrency = concurrency,
        BudgetUsd = budget,
        PollInterval = TimeSpan.Zero,
        RateLimitBackoff = new FluxBatch.Api.HttpRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
    };

    public static Task<RunReport> RunAsync(FakeProvider provider, string runDir, IReadOnlyCollection<PlannedJob> jobs,
        ExecutorOptions? options = null, CancellationToken stop = default) =>
        new BatchExecutor(provider, new RunContext("test", new RunFolder(runDir), jobs.Count), options ?? FastOptions())
            .RunAsync(jobs, stop);

    public static async Task<IReadOnlyDictionary<JobState, long>> CountsAsync(string runDir)
    {
        await using var journal = RunJournal.Open(runDir);
        return journal.CountByState();
    }
}
