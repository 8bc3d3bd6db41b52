using FluxBatch.Api;
using FluxBatch.Execution;

namespace FluxBatch.Runtime.Tests.Execution.Jobs;

public sealed class SubmitStepTests
{
    [Fact]
    public async Task Before_the_POST_submitting_is_durable_and_the_first_post_is_stamped()
    {
        JobStepFixture? steps = null;
        var provider = new RefusingProvider(new FluxApiException(FluxErrorKind.InvalidRequest, "HTTP 422: no", 422),
            () => $"{steps!.Journal.Find(steps.Job.Id)?.State.ToText()} {steps.Tally.FirstPost.Sent.IsCompleted}");
        await using (steps = new JobStepFixture(provider))
        {
            await steps.Submit().SubmitAsync(steps.Job, await steps.StartedSlotAsync());

            Assert.Equal("submitting True", provider.SeenAtPost);
        }
    }

    [Fact]
    public async Task Moderated_at_submission_is_a_failure_of_kind_moderated_that_cost_nothing()
    {
        var provider = new RefusingProvider(new FluxApiException(FluxErrorKind.Moderated, "HTTP 400: Request Moderated", 400));
        await using var steps = new JobStepFixture(provider, budgetUsd: 1m);

        var accepted = await steps.Submit().SubmitAsync(steps.Job, await steps.StartedSlotAsync());

        Assert.Null(accepted);
        var row = await steps.RowAsync();
        Assert.Equal((JobState.Failed, FailureKind.Moderated, 0m), (row.State, row.Failure, row.CostUsd));
        Assert.Equal((0m, 0m, 1L), (steps.Ledger.SpentUsd, steps.Ledger.ReservedUsd, steps.Tally.Failed));
    }

    [Fact]
    public async Task A_4xx_is_a_rejection_and_an_account_refusal_stops_the_run_with_the_job_planned()
    {
        var rejected = new RefusingProvider(new FluxApiException(FluxErrorKind.InvalidRequest, "HTTP 422: steps", 422));
        await using (var steps = new JobStepFixture(rejected))
        {
            await steps.Submit().SubmitAsync(steps.Job, await steps.StartedSlotAsync());
            Assert.Equal((JobState.Failed, FailureKind.Rejected), ((await steps.RowAsync()).State, (await steps.RowAsync()).Failure));
        }

        var refused = new RefusingProvider(new FluxApiException(FluxErrorKind.OutOfCredits, "HTTP 402: no credits", 402));
        await using (var steps = new JobStepFixture(refused))
        {
            await steps.Submit().SubmitAsync(steps.Job, await steps.StartedSlotAsync());
            var row = await steps.RowAsync();
            Assert.Equal((JobState.Planned, FailureKind.None), (row.State, row.Failure));
            Assert.Contains("out of credits", steps.Stop.Fatal, StringComparison.Ordinal);
            Assert.Equal(1, steps.Tally.NotRun);
        }
    }

    [Fact]
    public async Task A_POST_that_may_have_arrived_is_in_doubt_and_counted_at_its_estimate()
    {
        var provider = new RefusingProvider(new FluxApiException(FluxErrorKind.InDoubt, "HTTP 502: gateway", 502));
        await using var steps = new JobStepFixture(provider);

        await steps.Submit().SubmitAsync(steps.Job, await steps.StartedSlotAsync());

        var row = await steps.RowAsync();
        Assert.Equal(JobState.InDoubt, row.State);
        Assert.Equal((steps.Job.EstimatedUsd, 1L, 1L), (steps.Ledger.SpentUsd, steps.Tally.InDoubt, steps.Tally.Submissions));
    }
}
