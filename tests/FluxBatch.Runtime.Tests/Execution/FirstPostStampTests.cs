using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;
using static FluxBatch.Runtime.Tests.Execution.ExecutorHarness;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>run.json's <c>first_post</c>: start-up time is measured by the run itself. Its order is asserted, never its value.</summary>
public sealed class FirstPostStampTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_json_stamps_the_first_post_after_the_process_and_the_run_started_and_before_the_run_finished()
    {
        var provider = new FakeProvider { PendingPolls = 1 };
        await RunAsync(provider, _dir.Path, TestPlans.Jobs(6).ToList());

        var summary = ReadSummary();
        var first = Assert.IsType<FirstPostTiming>(summary.FirstPost);
        Assert.InRange(first.At, summary.StartedAt, summary.FinishedAt);
        Assert.True(first.AfterRunStartMs >= 0, $"after_run_start_ms = {first.AfterRunStartMs}");
        Assert.NotNull(first.AfterProcessStartMs);
        // The process started before the executor did, and the stamp is the first POST's, not the last one's.
        Assert.True(first.AfterProcessStartMs >= first.AfterRunStartMs, $"{first.AfterProcessStartMs} < {first.AfterRunStartMs}");
        Assert.True(first.AfterRunStartMs <= (summary.FinishedAt - summary.StartedAt).TotalMilliseconds);
    }

    [Fact]
    public async Task A_run_that_sends_nothing_has_no_first_post()
    {
        var provider = new FakeProvider();
        await RunAsync(provider, _dir.Path, TestPlans.Jobs(3).ToList(), FastOptions(budget: 0m));

        Assert.Empty(provider.SubmitsByPrompt);
        Assert.Null(ReadSummary().FirstPost);
    }

    private RunReport ReadSummary() =>
        System.Text.Json.JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(_dir.Path, "run.json")), OutputJsonContext.Default.RunReport)!;
}
