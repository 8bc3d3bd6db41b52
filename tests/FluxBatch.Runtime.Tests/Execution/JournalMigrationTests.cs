using FluxBatch.Execution;
using FluxBatch.Gallery;
using FluxBatch.Runtime.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>Journals written before the failure kind had a column of its own still read with the right kind.</summary>
public sealed class JournalMigrationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The schema as versions before the failure_kind column wrote it, with failed rows worded as they worded them.</summary>
    private void WriteOldJournal()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir.Path, RunJournal.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE jobs(id TEXT PRIMARY KEY, idx INTEGER NOT NULL, state TEXT NOT NULL, output_file TEXT NOT NULL,
                estimate_micros INTEGER NOT NULL, cost_micros INTEGER, task_id TEXT, polling_url TEXT, sha256 TEXT, reason TEXT,
                submitted_at TEXT, finished_at TEXT, updated_at TEXT NOT NULL);
            CREATE INDEX jobs_state ON jobs(state);
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO jobs VALUES('content', 0, 'failed', 'a.png', 60000, 0, 't0', NULL, NULL, 'Content Moderated (not charged): nsfw', NULL, NULL, 'x');
            INSERT INTO jobs VALUES('request', 1, 'failed', 'b.png', 60000, 0, NULL, NULL, NULL, 'Request Moderated at submission (not charged): x', NULL, NULL, 'x');
            INSERT INTO jobs VALUES('lost', 2, 'failed', 'c.png', 60000, 60000, 't2', NULL, NULL, 'lost: the API answers Task not found for task t2', NULL, NULL, 'x');
            INSERT INTO jobs VALUES('rejected', 3, 'failed', 'd.png', 60000, NULL, NULL, NULL, NULL, 'rejected: HTTP 422: steps', NULL, NULL, 'x');
            INSERT INTO jobs VALUES('error', 4, 'failed', 'e.png', 60000, 60000, 't4', NULL, NULL, 'Error: boom', NULL, NULL, 'x');
            INSERT INTO jobs VALUES('done', 5, 'downloaded', 'f.png', 60000, 60000, 't5', NULL, 'abc', NULL, NULL, NULL, 'x');
            INSERT INTO jobs VALUES('doubt', 6, 'in_doubt', 'g.png', 60000, NULL, NULL, NULL, NULL, 'in doubt: HTTP 502', NULL, NULL, 'x');
            INSERT INTO jobs VALUES('cached', 7, 'downloaded', 'h.png', 60000, 0, NULL, NULL, 'def', 'delivered from cache team (task t7); nothing charged here', NULL, NULL, 'x');
            """;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task An_old_journal_reads_its_failures_with_their_kinds()
    {
        WriteOldJournal();

        await using var journal = RunJournal.Open(_dir.Path);

        Assert.Equal(FailureKind.Moderated, journal.Find("content")!.Failure);
        Assert.Equal(FailureKind.Moderated, journal.Find("request")!.Failure);
        Assert.Equal(FailureKind.Lost, journal.Find("lost")!.Failure);
        Assert.Equal(FailureKind.Rejected, journal.Find("rejected")!.Failure);
        Assert.Equal(FailureKind.TaskError, journal.Find("error")!.Failure);
        Assert.Equal(FailureKind.None, journal.Find("done")!.Failure);
        Assert.Equal(FailureKind.None, journal.Find("doubt")!.Failure);
    }

    [Fact]
    public async Task An_old_journal_knows_which_images_came_from_the_shared_cache()
    {
        WriteOldJournal();

        await using var journal = RunJournal.Open(_dir.Path);

        Assert.True(journal.Find("cached")!.FromCache);
        Assert.False(journal.Find("done")!.FromCache);
        Assert.Equal((1L, 0.06m), FluxBatch.Execution.Cache.CacheDelivery.Delivered(journal));
    }

    [Fact]
    public async Task A_migrated_moderated_job_is_moderated_for_the_contact_sheet_and_for_retry_moderated()
    {
        WriteOldJournal();

        await using var journal = RunJournal.Open(_dir.Path);
        var row = journal.Find("content")!;

        Assert.Equal(SheetJobStatus.Moderated, RunJobs.StatusOf(row, _ => true, "not run").Status);
        Assert.Equal(ResumeAction.Submit, ResumePolicy.Decide(row, false, false, RetryFailed.Moderated));
        Assert.Equal(ResumeAction.Failed, ResumePolicy.Decide(row, false, false, RetryFailed.Uncharged));
        Assert.True(ResumePolicy.IsLostButPaid(journal.Find("lost")!));
    }

    [Fact]
    public async Task Opening_a_migrated_journal_again_keeps_the_kinds()
    {
        WriteOldJournal();
        await using (RunJournal.Open(_dir.Path)) { }

        await using var again = RunJournal.Open(_dir.Path);

        Assert.Equal(FailureKind.Moderated, again.Find("content")!.Failure);
    }
}
