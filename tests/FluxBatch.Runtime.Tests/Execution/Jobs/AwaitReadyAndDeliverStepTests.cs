using FluxBatch.Execution;
using FluxBatch.Execution.Jobs;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution.Jobs;

public sealed class AwaitReadyAndDeliverStepTests
{
    private static async Task<(Accepted Accepted, JobSlot Slot)> AcceptedAsync(JobStepFixture steps)
    {
        var slot = await steps.StartedSlotAsync();
        var accepted = await steps.Submit().SubmitAsync(steps.Job, slot);
        Assert.NotNull(accepted);
        return (accepted, slot);
    }

    [Fact]
    public async Task A_task_moderated_while_polling_fails_as_moderated_and_is_refunded()
    {
        await using var steps = new JobStepFixture(new FakeProvider { Outcome = _ => FakeOutcome.ContentModerated });
        var (accepted, slot) = await AcceptedAsync(steps);
        Assert.Equal(0.06m, steps.Ledger.SpentUsd);

        var image = await steps.AwaitReady().AwaitAsync(steps.Job, accepted, slot);

        Assert.Null(image);
        var row = await steps.RowAsync();
        Assert.Equal((JobState.Failed, FailureKind.Moderated, 0m), (row.State, row.Failure, row.CostUsd));
        Assert.Equal(0m, steps.Ledger.SpentUsd);
    }

    [Fact]
    public async Task A_task_that_ends_in_error_fails_as_a_task_error_and_keeps_its_cost()
    {
        await using var steps = new JobStepFixture(new FakeProvider { Outcome = _ => FakeOutcome.Error });
        var (accepted, slot) = await AcceptedAsync(steps);

        await steps.AwaitReady().AwaitAsync(steps.Job, accepted, slot);

        var row = await steps.RowAsync();
        Assert.Equal((JobState.Failed, FailureKind.TaskError, 0.06m), (row.State, row.Failure, row.CostUsd));
    }

    [Fact]
    public async Task Ready_records_ready_and_hands_back_the_image_for_delivery()
    {
        await using var steps = new JobStepFixture(new FakeProvider { PendingPolls = 2 });
        var (accepted, slot) = await AcceptedAsync(steps);

        var image = await steps.AwaitReady().AwaitAsync(steps.Job, accepted, slot);

        Assert.NotNull(image);
        Assert.Equal((3, JobState.Ready), (image.Polls, (await steps.RowAsync()).State));
        await steps.Deliver().DeliverAsync(steps.Job, accepted, image);
        Assert.Equal(JobState.Downloaded, (await steps.RowAsync()).State);
        Assert.True(File.Exists(Path.Combine(steps.Root, steps.Job.OutputFile)));
    }

    [Fact]
    public async Task On_a_full_disk_delivery_writes_nothing_and_leaves_the_paid_job_submitted()
    {
        await using var steps = new JobStepFixture(new FakeProvider());
        var (accepted, slot) = await AcceptedAsync(steps);
        var image = await steps.AwaitReady().AwaitAsync(steps.Job, accepted, slot);
        steps.Stop.FailOnStorage(StorageFailure.DiskFull("no space"), "the disk is full");

        await steps.Deliver().DeliverAsync(steps.Job, accepted, image!);

        var row = await steps.RowAsync();
        Assert.Equal(JobState.Submitted, row.State);
        Assert.StartsWith("not written: the disk is full", row.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(steps.Root, steps.Job.OutputFile)));
        Assert.Equal((0L, 1L), (steps.Tally.Downloaded, steps.Tally.Unfinished));
    }
}
