using FluxBatch.Execution;
using FluxBatch.Runtime.Tests.Support;
using static FluxBatch.Runtime.Tests.Execution.ExecutorHarness;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>
/// Failed jobs stay failed unless asked: <c>--retry-failed</c> resubmits those never charged, <c>--retry-moderated</c>
/// the moderated ones; a job charged before it failed is never resubmitted by either.
/// </summary>
public sealed class RetryFailedTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_flag_resubmits_only_its_kind_of_failure_and_never_a_charged_one()
    {
        var jobs = TestPlans.Jobs(3).ToList();
        var (rejected, moderated, errored) = (jobs[0].Request.Prompt!, jobs[1].Request.Prompt!, jobs[2].Request.Prompt!);
        var failing = true;
        var provider = new FakeProvider
        {
            Outcome = p => !failing ? FakeOutcome.Ready
                : p == rejected ? FakeOutcome.Invalid
                : p == moderated ? FakeOutcome.ContentModerated
                : FakeOutcome.Error,
        };

        var first = await RunAsync(provider, _dir.Path, jobs);
        failing = false;
        var plain = await RunAsync(provider, _dir.Path, jobs);
        await using (var journal = RunJournal.Open(_dir.Path))
        {
            var outlook = FailedJobsOutlook.Of(journal, 10);
            Assert.Equal((1, 1, 1), (outlook.RetryFailed, outlook.RetryModerated, outlook.Paid));
        }
        var retryFailed = await RunAsync(provider, _dir.Path, jobs, FastOptions() with { Retry = RetryFailed.Uncharged });
        var retryModerated = await RunAsync(provider, _dir.Path, jobs, FastOptions() with { Retry = RetryFailed.Uncharged | RetryFailed.Moderated });

        Assert.Equal(3, first.Failed);
        Assert.Equal(3, plain.Failed);
        Assert.Equal((1, 2), (retryFailed.Downloaded, retryFailed.Failed));
        Assert.Equal((1, 1), (retryModerated.Downloaded, retryModerated.Failed));
        Assert.Equal(1, provider.SubmitsByPrompt[rejected]); // the fake counts accepted submits: the 422 was not one
        Assert.Equal(2, provider.SubmitsByPrompt[moderated]);
        Assert.Equal(1, provider.SubmitsByPrompt[errored]); // charged: never paid for twice
    }

    [Theory]
    [InlineData(null, null, FailureKind.Rejected, RetryFailed.Uncharged, true)]
    [InlineData(null, null, FailureKind.Rejected, RetryFailed.Moderated, false)]
    [InlineData("t1", 0.0, FailureKind.Moderated, RetryFailed.Moderated, true)]
    [InlineData("t1", 0.0, FailureKind.Moderated, RetryFailed.Uncharged, false)]
    [InlineData("t1", 0.05, FailureKind.TaskError, RetryFailed.Uncharged | RetryFailed.Moderated, false)]
    [InlineData("t1", null, FailureKind.TaskError, RetryFailed.Uncharged, false)]
    public void The_policy_resubmits_a_failure_only_for_its_flag(string? task, double? cost, FailureKind kind, object retryValue, bool resubmits)
    {
        var retry = (RetryFailed)retryValue; // internal: a public test method cannot name it
        // The reason's words do not matter: the kind decides (a moderated reason worded like a rejection is still moderated).
        var row = new JournalRecord("id", 0, JobState.Failed, "a.png", 0.05m, cost is null ? null : (decimal)cost, task, null, null, "rejected: words", Failure: kind);

        var action = ResumePolicy.Decide(row, resubmitInDoubt: false, imageIntact: false, retry);

        Assert.Equal(resubmits ? ResumeAction.Submit : ResumeAction.Failed, action);
    }
}
