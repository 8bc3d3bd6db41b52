using FluxBatch.Execution;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class RunJournalTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_durable_write_is_visible_to_a_fresh_connection_before_the_journal_closes()
    {
        await using var journal = RunJournal.Open(_dir.Path);
        await journal.WriteDurableAsync(new JournalRecord("a", 0, JobState.Submitting, "a.png", 0.06m));

        await using var other = RunJournal.Open(_dir.Path);
        Assert.Equal(JobState.Submitting, other.Find("a")!.State);
    }

    [Fact]
    public async Task Updates_keep_fields_they_do_not_carry_and_replace_the_reason()
    {
        await using (var journal = RunJournal.Open(_dir.Path))
        {
            journal.Write(new JournalRecord("a", 3, JobState.Submitted, "a.png", 0.06m, CostUsd: 0.05m, TaskId: "t1", PollingUrl: "https://x/1", Reason: "old"));
            journal.Write(new JournalRecord("a", 3, JobState.Downloaded, "a.png", 0.06m, Sha256: "abc"));
            await journal.FlushAsync();
        }
        await using var reopened = RunJournal.Open(_dir.Path);
        var row = reopened.Find("a")!;
        Assert.Equal(JobState.Downloaded, row.State);
        Assert.Equal("t1", row.TaskId);
        Assert.Equal("https://x/1", row.PollingUrl);
        Assert.Equal(0.05m, row.CostUsd);
        Assert.Equal("abc", row.Sha256);
        Assert.Null(row.Reason);
    }

    [Fact]
    public async Task Committed_spend_counts_reported_costs_and_estimates_of_whatever_may_be_billed()
    {
        await using var journal = RunJournal.Open(_dir.Path);
        journal.Write(new JournalRecord("done", 0, JobState.Downloaded, "a", 0.06m, CostUsd: 0.05m));
        journal.Write(new JournalRecord("doubt", 1, JobState.InDoubt, "b", 0.07m));
        journal.Write(new JournalRecord("sending", 2, JobState.Submitting, "c", 0.08m));
        journal.Write(new JournalRecord("moderated", 3, JobState.Failed, "d", 0.09m, CostUsd: 0m));
        journal.Write(new JournalRecord("rejected", 4, JobState.Failed, "e", 0.10m));
        journal.Write(new JournalRecord("planned", 5, JobState.Planned, "f", 0.11m));
        await journal.FlushAsync();

        Assert.Equal(0.05m + 0.07m + 0.08m, journal.CommittedSpendUsd());
        Assert.Equal(2, journal.CountByState()[JobState.Failed]);
        Assert.Equal(["doubt", "sending"], journal.InStates([JobState.InDoubt, JobState.Submitting]).Select(r => r.JobId));
    }

    [Fact]
    public void A_second_run_on_the_same_folder_is_refused()
    {
        using var first = RunLock.Acquire(_dir.Path);
        Assert.Throws<RunFolderBusyException>(() => RunLock.Acquire(_dir.Path));
    }
}

public sealed class RunJournalWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Meta_goes_through_the_writer_in_order_with_the_rows_and_is_durable_when_SetMeta_returns()
    {
        await using var journal = RunJournal.Open(_dir.Path);
        journal.Write(new JournalRecord("a", 0, JobState.Planned, "a.png", 0.06m));

        journal.SetMeta([KeyValuePair.Create("manifest", "m"), KeyValuePair.Create("provider", "p")]);

        await using var other = RunJournal.Open(_dir.Path);
        Assert.Equal(("m", "p"), (other.GetMeta("manifest"), other.GetMeta("provider")));
        Assert.Equal(JobState.Planned, other.Find("a")!.State); // queued before the meta: committed with it or before
    }
}
