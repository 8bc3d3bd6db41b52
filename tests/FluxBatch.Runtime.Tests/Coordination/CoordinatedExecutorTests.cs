using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Execution;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Coordination;

/// <summary>
/// Three executors sharing one key against one emulator with the API's limit of 24 active tasks per key: with a
/// coordinator the emulator never sees more than 24 at once (no 429); without one it refuses the excess.
/// </summary>
public sealed class CoordinatedExecutorTests : IDisposable
{
    private const string Key = "shared-team-key-0123456789";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Three_executors_on_one_key_with_the_Redis_coordinator_stay_within_the_accounts_24()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var emulator = await StartEmulatorAsync();

        var reports = await RunThreeAsync(emulator, redis.Address());

        Assert.All(reports, r => Assert.Equal(40, r.Downloaded));
        Assert.Equal(0, emulator.Stats.ActiveTaskLimitRefusals);
        Assert.InRange(emulator.Stats.PeakActiveTasksPerKey, 1, EmulatorOptions.ApiActiveTaskLimit);
    }

    [Fact]
    public async Task Three_executors_on_one_key_with_the_local_coordinator_stay_within_the_accounts_24()
    {
        await using var emulator = await StartEmulatorAsync();

        var reports = await RunThreeAsync(emulator, "local");

        Assert.All(reports, r => Assert.Equal(40, r.Downloaded));
        Assert.Equal(0, emulator.Stats.ActiveTaskLimitRefusals);
        Assert.InRange(emulator.Stats.PeakActiveTasksPerKey, 1, EmulatorOptions.ApiActiveTaskLimit);
    }

    /// <summary>The same three without a coordinator: each believes it owns 24 slots, and the API refuses the rest.</summary>
    [Fact]
    public async Task Without_a_coordinator_the_same_three_collect_429s()
    {
        await using var emulator = await StartEmulatorAsync();

        var reports = await RunThreeAsync(emulator, coordinator: null);

        Assert.All(reports, r => Assert.Equal(40, r.Downloaded)); // AIMD and retries still finish them
        Assert.True(emulator.Stats.ActiveTaskLimitRefusals > 0);
    }

    private static Task<RunningEmulator> StartEmulatorAsync() =>
        // Tasks take a second: the first round of 3 x 24 submits is certainly together.
        EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [Key], Latency = LatencySpec.Fixed(TimeSpan.FromSeconds(1)) });

    private async Task<RunReport[]> RunThreeAsync(RunningEmulator emulator, string? coordinator)
    {
        var key = new ApiKey(Key);
        var runs = Enumerable.Range(0, 3).Select(async i =>
        {
            using var provider = new FluxProvider(new BflDialect(emulator.BaseUrl, "emulator"), key);
            var options = ExecutorHarness.FastOptions(concurrency: 24) with
            {
                PollInterval = TimeSpan.FromMilliseconds(50),
                Coordinator = coordinator,
                Account = FluxBatch.Execution.Coordination.AccountId.Of("emulator", key),
                StateDirectory = Path.Combine(_dir.Path, "state"),
            };
            var jobs = TestPlans.Jobs(40, 0.05m, $"p{i}").ToList();
            var executor = new BatchExecutor(provider, new RunContext("team", new RunFolder(Path.Combine(_dir.Path, $"run{i}")), jobs.Count), options);
            return await executor.RunAsync(jobs, CancellationToken.None);
        });
        return await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(3));
    }
}
