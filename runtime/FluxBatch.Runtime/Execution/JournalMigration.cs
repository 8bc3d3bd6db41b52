using Microsoft.Data.Sqlite;

namespace FluxBatch.Execution;

/// <summary>
/// Brings a journal written by an older version up to the current schema when it is opened. The only place that
/// reads meaning out of a reason's words: older versions had no <c>failure_kind</c> and <c>from_cache</c> columns
/// and worded them into the reason (a moderated job's reason began with the API's status, a lost one with "lost: ",
/// a job copied from the shared cache with "delivered from cache").
/// </summary>
internal static class JournalMigration
{
    private static readonly (string Column, string Sql)[] Columns =
    [
        ("failure_kind", """
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
            """),
        ("from_cache", """
            ALTER TABLE jobs ADD COLUMN from_cache INTEGER NOT NULL DEFAULT 0;
            UPDATE jobs SET from_cache = 1 WHERE state = 'downloaded' AND reason GLOB 'delivered from cache*';
            """),
    ];

    /// <summary>Adds the columns an older journal lacks and fills them from its rows (each once, in one transaction).</summary>
    public static void Apply(SqliteConnection writer)
    {
        if (Columns.All(c => Has(writer, c.Column)))
            return;
        using var transaction = writer.BeginTransaction(deferred: false); // immediate: a second opener waits, then sees the columns
        foreach (var (column, sql) in Columns)
        {
            if (Has(writer, column, transaction))
                continue;
            using var command = writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static bool Has(SqliteConnection connection, string column, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM pragma_table_info('jobs') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
