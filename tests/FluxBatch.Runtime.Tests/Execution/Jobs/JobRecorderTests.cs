using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Execution.Jobs;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution.Jobs;

public sealed class JobRecorderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_failure_is_recorded_with_its_kind_its_redacted_reason_and_counted()
    {
        var key = new ApiKey("sk-secret-123");
        var tally = new RunTally(10);
        var job = TestPlans.Job(4);
        await using var journal = RunJournal.Open(_dir.Path);
        var recorder = new JobRecorder(journal, tally, new SecretRedactor(key), TimeProvider.System);

        recorder.Fail(job, FailureKind.Rejected, "rejected: echoed sk-secret-123", costUsd: 0m);
        await journal.FlushAsync();

        var row = journal.Find(job.Id)!;
        Assert.Equal((JobState.Failed, FailureKind.Rejected, "rejected: echoed ***"), (row.State, row.Failure, row.Reason));
        Assert.Equal((1L, "rejected: echoed ***"), (tally.Failed, tally.Failures().Single().Reason));
    }

    [Fact]
    public async Task A_later_update_clears_the_failure_kind_as_it_clears_the_reason()
    {
        var job = TestPlans.Job(0);
        await using var journal = RunJournal.Open(_dir.Path);
        var recorder = new JobRecorder(journal, new RunTally(10), SecretRedactor.None, TimeProvider.System);

        recorder.Fail(job, FailureKind.Moderated, "Content Moderated (not charged): x", 0m);
        await journal.FlushAsync();
        await recorder.SubmittingAsync(job); // --retry-moderated sends it again

        Assert.Equal((JobState.Submitting, FailureKind.None, null), (journal.Find(job.Id)!.State, journal.Find(job.Id)!.Failure, journal.Find(job.Id)!.Reason));
    }
}
