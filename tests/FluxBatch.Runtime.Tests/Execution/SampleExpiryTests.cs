using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>
/// A paid task whose sample URL expired is polled again for a fresh URL, in the run and on every rerun, until the
/// API answers Task not found; only then is it lost, and the status lines say it was paid. Real HTTP, emulator.
/// </summary>
public sealed class SampleExpiryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ApiKey _key = ApiKey.Generate(); // tasks belong to the key that created them

    public void Dispose() => _dir.Dispose();

    // The trigger makes the first sample URL issued for the task already expired; later polls issue valid ones.
    private static FluxBatch.Planning.PlannedJob ExpiringJob()
    {
        var planned = TestPlans.Job(0);
        return planned with { Request = planned.Request with { Prompt = "a harbour at dawn [[task.expired-url]]" } };
    }

    private static ExecutorOptions NoRefreshInRun => new() { Concurrency = 1, PollInterval = TimeSpan.Zero, MaxSampleRefreshes = 0 };

    private async Task<RunReport> RunAsync(RunningEmulator emulator, FluxBatch.Planning.PlannedJob job, ExecutorOptions options)
    {
        using var provider = new FluxProvider(new BflDialect(emulator.BaseUrl, "emulator"), _key);
        return await new BatchExecutor(provider, new RunContext("expiry", new RunFolder(_dir.Path), 1), options).RunAsync([job], CancellationToken.None);
    }

    [Fact]
    public async Task An_expired_sample_is_fetched_in_the_same_run_with_a_fresh_url()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());

        var report = await RunAsync(emulator, ExpiringJob(), new ExecutorOptions { Concurrency = 1, PollInterval = TimeSpan.Zero });

        Assert.Equal(1, report.Downloaded);
        Assert.Equal(1, emulator.Stats.Submissions);
    }

    [Fact]
    public async Task An_expired_sample_is_not_lost_the_next_run_polls_again_and_fetches_it_without_paying_again()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var job = ExpiringJob();

        var first = await RunAsync(emulator, job, NoRefreshInRun);
        var second = await RunAsync(emulator, job, NoRefreshInRun);

        Assert.Equal(0, first.Failed);
        Assert.Equal(1, first.Unfinished);
        Assert.True(second.Downloaded == 1, string.Join("; ", second.Failures.Select(f => f.Reason)));
        Assert.Equal(1, emulator.Stats.Submissions);
        Assert.True(File.Exists(Path.Combine(_dir.Path, job.OutputFile)));
    }

    [Fact]
    public async Task Only_task_not_found_makes_it_lost_and_status_says_it_was_paid()
    {
        var emulatorTime = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = emulatorTime });
        var job = ExpiringJob();

        var first = await RunAsync(emulator, job, NoRefreshInRun);
        emulatorTime.Advance(emulator.Options.TaskRetention + TimeSpan.FromMinutes(1)); // the API forgets the task
        var second = await RunAsync(emulator, job, NoRefreshInRun);
        var third = await RunAsync(emulator, job, NoRefreshInRun with { Retry = RetryFailed.Uncharged | RetryFailed.Moderated });

        Assert.Equal(1, first.Unfinished);
        Assert.Contains("Task not found", Assert.Single(second.Failures).Reason);
        Assert.Contains("it was paid", Assert.Single(second.Failures).Reason);
        Assert.Equal(1, third.Failed); // paid and lost: no retry flag pays for it again
        Assert.Equal(1, emulator.Stats.Submissions);
        await using var journal = RunJournal.Open(_dir.Path);
        var lines = FailedJobsOutlook.Of(journal, 10).Lines().ToList();
        Assert.Contains(lines, l => l.StartsWith("1 lost but paid ($", StringComparison.Ordinal));
        Assert.Contains("--retry-failed would resubmit 0 (failed without being charged)", lines);
    }
}
