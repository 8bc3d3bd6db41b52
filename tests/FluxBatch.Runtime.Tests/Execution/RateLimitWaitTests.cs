using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>
/// The executor's 429 path over real HTTP against the emulator, both on one fake clock: the wait before the resubmit
/// is the server's <c>Retry-After</c> (capped), and the emulator sees the resubmit exactly that long after the 429.
/// </summary>
public sealed class RateLimitWaitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(7, 7)] // what the server says, not the 0–0.5 s jittered first backoff
    [InlineData(120, 30)] // capped at RateLimitBackoff.MaxDelay (30 s by default, as BFL's SDK caps)
    public async Task A_429_on_submit_waits_the_servers_retry_after_before_the_resubmit(int retryAfterSeconds, int expectedWaitSeconds)
    {
        var time = new RecordingTimeProvider(Start);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds),
        });
        var http = new HttpRetryOptions();
        using var provider = new FluxProvider(new BflDialect(emulator.BaseUrl, "emulator"), ApiKey.Generate(), http, time);
        var planned = TestPlans.Job(0);
        // The trigger makes the first submit of this body a 429 with the configured Retry-After; the next one passes.
        var job = planned with { Request = planned.Request with { Prompt = "a lighthouse [[submit.429]]" } };
        var options = new ExecutorOptions { Concurrency = 1, PollInterval = TimeSpan.Zero }; // RateLimitBackoff: the defaults
        var executor = new BatchExecutor(provider, new RunContext("retry-after", new RunFolder(_dir.Path), 1), options, time: time);

        var run = executor.RunAsync([job], CancellationToken.None);
        var wait = await time.NextWaitAsync(http.RequestTimeout);
        var attemptsWhileWaiting = emulator.Stats.SubmitAttempts;
        time.Advance(wait - TimeSpan.FromTicks(1));
        var attemptsJustBefore = emulator.Stats.SubmitAttempts;
        var doneJustBefore = run.IsCompleted;
        time.Advance(TimeSpan.FromTicks(1));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(expectedWaitSeconds), wait);
        Assert.Equal(1, attemptsWhileWaiting);
        Assert.Equal(1, attemptsJustBefore);
        Assert.False(doneJustBefore);
        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Equal(1, report.Downloaded);
        Assert.Equal(2, emulator.Stats.SubmitAttempts);
        // The clock moved only when the test moved it: the 429 was answered at Start, the resubmit created its task
        // exactly one wait later.
        Assert.Equal(Start + wait, Assert.Single(emulator.Tasks).CreatedAt);
    }
}
