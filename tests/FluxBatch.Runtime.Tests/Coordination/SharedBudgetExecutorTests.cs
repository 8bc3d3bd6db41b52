using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Execution.Coordination;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Execution;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Coordination;

/// <summary>A shared budget (<c>budget.shared</c>) across three executors, each in its own folder, against one emulator.</summary>
public sealed class SharedBudgetExecutorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Three_runs_sharing_a_budget_never_spend_more_than_it_together()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = LatencySpec.Fixed(TimeSpan.FromMilliseconds(50)) });

        // 3 x 15 jobs of $0.05 = $2.25 planned, $1.00 shared: 20 jobs in all, whoever gets them.
        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => RunAsync(emulator, redis.Address(), $"p{i}", 15, 1.00m)));

        var charged = emulator.Stats.CreditsCharged / 100m;
        Assert.True(charged <= 1.00m, $"charged ${charged} of a shared $1.00");
        Assert.Equal(20, reports.Sum(r => r.Downloaded));
        Assert.All(reports, r => Assert.Equal(RunOutcome.BudgetReached, r.Outcome));
        Assert.Contains(reports, r => r.StopReason!.StartsWith("shared budget 'team' reached: every run sharing it spent $1.00 of $1.00", StringComparison.Ordinal));
        Assert.Equal(charged, reports.Sum(r => r.SpentUsd));
    }

    [SkippableFact]
    public async Task A_run_on_a_spent_shared_budget_does_not_start()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        await RunAsync(emulator, redis.Address(), "first", 4, 0.20m);
        var submitted = emulator.Stats.SubmitAttempts;

        var second = await RunAsync(emulator, redis.Address(), "second", 4, 0.20m);

        Assert.Equal(RunOutcome.BudgetReached, second.Outcome);
        Assert.Equal("shared budget 'team' is exhausted: spent $0.20 of $0.20 by every run sharing it; nothing was submitted", second.StopReason);
        Assert.Equal(4, second.NotRun);
        Assert.Equal(submitted, emulator.Stats.SubmitAttempts);
    }

    [Fact]
    public async Task An_unreachable_coordinator_stops_the_run_before_anything_is_sent()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());

        var report = await RunAsync(emulator, "redis://127.0.0.1:1", "p", 3, 1.00m);

        Assert.Equal(RunOutcome.Stopped, report.Outcome);
        Assert.StartsWith("coordinator redis://127.0.0.1:1 cannot be reached", report.StopReason, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Stats.SubmitAttempts);
    }

    /// <summary>A library caller that names a shared budget but no coordinator: stopped, not silently on the folder's budget.</summary>
    [Fact]
    public async Task A_shared_budget_without_a_coordinator_stops_the_run_before_anything_is_sent()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());

        var report = await RunAsync(emulator, coordinator: null, "p", 3, 1.00m);

        Assert.Equal(RunOutcome.Stopped, report.Outcome);
        Assert.Equal("shared budget 'team' needs the Redis coordinator (redis://HOST:PORT); nothing was submitted", report.StopReason);
        Assert.Equal(0, emulator.Stats.SubmitAttempts);
    }

    private async Task<RunReport> RunAsync(RunningEmulator emulator, string? coordinator, string prefix, int count, decimal budget)
    {
        var key = new ApiKey("team-key-0123456789abcdef");
        using var provider = new FluxProvider(new BflDialect(emulator.BaseUrl, "emulator"), key);
        var options = ExecutorHarness.FastOptions(concurrency: 4, budget: budget) with
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            Coordinator = coordinator,
            Account = AccountId.Of("emulator", key),
            SharedBudget = "team",
        };
        var jobs = TestPlans.Jobs(count, 0.05m, prefix).ToList();
        return await new BatchExecutor(provider, new RunContext("team", new RunFolder(Path.Combine(_dir.Path, prefix)), jobs.Count), options)
            .RunAsync(jobs, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
    }
}
