using Microsoft.Data.Sqlite;

namespace FluxBatch.Execution;

/// <summary>
/// Brings a journal written by an older version up to the current schema when it is opened. The only place that
/// reads meaning out of a reason's words: older versions had no <c>failure_kind</c> column and worded the kind
/// into the reason (a moderated job's reason began with the API's status, a lost one with "lost: ").
/// </summary>
internal static class JournalMigration
{
    /// <summary>Adds <c>failure_kind</c> and fills it for the failed rows of an older journal (once, in one transaction).</summary>
    public static void AddFailureKind(SqliteConnection writer)
    {
        if (HasFailureKind(writer))
            return;
        using var transaction = writer.BeginTransaction(deferred: false); // immediate: a second opener waits, then sees the column
        if (HasFailureKind(writer, transaction))
            return;
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            ALTER TABLE jobs ADD COLUMN failure_kind TEXT;
            UPDATE jobs SET failure_kind = CASE
                WHEN reason GLOB 'Request Moderated*' OR reason GLOB 'Content Moderated*' THEN 'moderated'
                WHEN reason GLOB 'lost: *' THEN 'lost'
                WHEN reason GLOB 'rejected: *' THEN 'rejected'
                WHEN reason GLOB 'Error: *' OR reason GLOB 'Failed: *' THEN 'task_error'
                WHEN reason GLOB 'reference image unreadable: *' THEN 'reference_unreadable'
                WHEN reason GLOB 'internal error: *' THEN 'internal'
                ELSE 'other' END
            WHERE state = 'failed';
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static bool HasFailureKind(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM pragma_table_info('jobs') WHERE name = 'failure_kind'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
