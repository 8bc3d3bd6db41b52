using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace FluxBatch.Execution;

/// <summary>
/// The run's durable record of every job (<c>journal.db</c> in the run folder): SQLite in WAL mode with
/// <c>synchronous=FULL</c>, so a committed transaction survives a crash of the process and of the machine.
/// All writes (job rows and run meta) go through one writer, on a thread of its own, that commits whatever is queued in a single transaction
/// (group commit): a caller that needs durability (<see cref="WriteDurableAsync"/>: "submitting" before the POST,
/// "submitted" after it) waits for the commit holding its row, while concurrent jobs share the same fsync.
/// Non-critical transitions (<see cref="Write"/>) ride along in the next batch. Lookups use a second connection
/// (WAL lets it read while the writer writes) and read one row at a time, so memory does not grow with the run.
/// The writer blocks on its fsyncs on its own thread, never on a pool thread the run's jobs need.
/// </summary>
internal sealed class RunJournal : IAsyncDisposable
{
    public const string FileName = "journal.db";
    private const int MaxBatch = 2048;

    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _lookup;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private volatile Exception? _failure;
    private double _durableSeconds = 0.005;
    private RunJournalScores? _scores;
    private DiskReserve? _reserve;
    private Action<Exception>? _onDiskFull;
    private object? _scoresLock;

    /// <summary>The run's image scores (opened on first use, by whichever scoring task comes first; see the end of this file).</summary>
    public RunJournalScores Scores => LazyInitializer.EnsureInitialized(ref _scores, ref _scoresLock, () => new RunJournalScores(_writer.ConnectionString));

    private RunJournal(string path, TimeProvider time)
    {
        _time = time;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _writer = new SqliteConnection(connectionString);
        _writer.Open();
        Execute(_writer, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA busy_timeout=5000;
            BEGIN;
            CREATE TABLE IF NOT EXISTS jobs(
                id TEXT PRIMARY KEY,
                idx INTEGER NOT NULL,
                state TEXT NOT NULL,
                output_file TEXT NOT NULL,
                estimate_micros INTEGER NOT NULL,
                cost_micros INTEGER,
                task_id TEXT,
                polling_url TEXT,
                sha256 TEXT,
                reason TEXT,
                submitted_at TEXT,
                finished_at TEXT,
                updated_at TEXT NOT NULL,
                failure_kind TEXT,
                from_cache INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            COMMIT;
            """); // one transaction, one flush
        ThrowUnlessCreated(_writer, path);
        JournalMigration.Apply(_writer);
        _reader = new SqliteConnection(connectionString);
        _reader.Open();
        Execute(_reader, "PRAGMA busy_timeout=5000;");

        _upsert = _writer.CreateCommand();
        _upsert.CommandText = """
            INSERT INTO jobs(id, idx, state, output_file, estimate_micros, cost_micros, task_id, polling_url, sha256, reason, submitted_at, finished_at, updated_at, failure_kind, from_cache)
            VALUES($id, $idx, $state, $out, $est, $cost, $task, $poll, $sha, $reason, $sub, $fin, $upd, $kind, $cache)
            ON CONFLICT(id) DO UPDATE SET
                state = excluded.state,
                idx = excluded.idx,
                output_file = excluded.output_file,
                estimate_micros = excluded.estimate_micros,
                cost_micros = COALESCE(excluded.cost_micros, cost_micros),
                task_id = COALESCE(excluded.task_id, task_id),
                polling_url = COALESCE(excluded.polling_url, polling_url),
                sha256 = COALESCE(excluded.sha256, sha256),
                reason = excluded.reason,
                submitted_at = COALESCE(excluded.submitted_at, submitted_at),
                finished_at = COALESCE(excluded.finished_at, finished_at),
                updated_at = excluded.updated_at,
                failure_kind = excluded.failure_kind,
                from_cache = excluded.from_cache;
            """;
        foreach (var name in new[] { "$id", "$idx", "$state", "$out", "$est", "$cost", "$task", "$poll", "$sha", "$reason", "$sub", "$fin", "$upd", "$kind", "$cache" })
            _upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        _upsert.Prepare();

        _lookup = _reader.CreateCommand();
        _lookup.CommandText = $"SELECT {Columns} FROM jobs WHERE id = $id";
        _lookup.Parameters.Add(new SqliteParameter { ParameterName = "$id" });

        // A thread of its own, not a LongRunning task: an async loop gives its thread up at its first await and then
        // runs its blocking commits on pool threads.
        new Thread(RunWriter) { IsBackground = true, Name = "fluxbatch journal writer" }.Start();
    }

    private const string Columns =
        "id, idx, state, output_file, estimate_micros, cost_micros, task_id, polling_url, sha256, reason, submitted_at, finished_at, failure_kind, from_cache";

    public static RunJournal Open(string runDirectory, TimeProvider? time = null)
    {
        Directory.CreateDirectory(runDirectory);
        return new RunJournal(Path.Combine(runDirectory, FileName), time ?? TimeProvider.System);
    }

    /// <summary>The folder's journal if it has one, else null (and nothing is created): for looking, not running.</summary>
    public static RunJournal? OpenExisting(string runDirectory, TimeProvider? time = null) =>
        File.Exists(Path.Combine(runDirectory, FileName)) ? Open(runDirectory, time) : null;

    /// <summary>Queues an update; it is committed with the next batch (at the latest on <see cref="FlushAsync"/>).</summary>
    public void Write(JournalRecord record)
    {
        ThrowIfFailed();
        _queue.Writer.TryWrite(new PendingWrite(record, null, null, null));
    }

    /// <summary>Returns once the update is committed to disk (fsync'd).</summary>
    public Task WriteDurableAsync(JournalRecord record)
    {
        ThrowIfFailed();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Writer.TryWrite(new PendingWrite(record, null, done, _time.GetTimestamp()));
        return done.Task;
    }

    /// <summary>How long a durable write has been taking lately (from the call to the commit), 5 ms before any.</summary>
    public TimeSpan DurableWriteTime => TimeSpan.FromSeconds(Volatile.Read(ref _durableSeconds));

    /// <summary>Commits everything queued so far.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new PendingWrite(null, null, done, null)))
            return _writerDone.Task;
        return done.Task;
    }

    /// <summary>The row of one job, or null. Call from one thread at a time (the producer).</summary>
    public JournalRecord? Find(string jobId)
    {
        _lookup.Parameters[0].Value = jobId;
        using var reader = _lookup.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    /// <summary>
    /// Sets run-level facts (manifest, provider, totals) through the writer, in one commit however many, and returns
    /// once they are durable. A failed commit throws what it met (a <c>SqliteException</c> or an <c>IOException</c>,
    /// as a direct write would), so callers that ride out a full disk for a moment (the live sheet) still can.
    /// </summary>
    public void SetMeta(params IEnumerable<KeyValuePair<string, string>> entries)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_failure is not null || !_queue.Writer.TryWrite(new PendingWrite(null, entries.ToList(), done, null)))
        {
            ExceptionDispatchInfo.Throw(_failure ?? new ObjectDisposedException(nameof(RunJournal)));
            return;
        }
        try
        {
            done.Task.GetAwaiter().GetResult();
        }
        catch (JournalException e) when (e.InnerException is { } met)
        {
            ExceptionDispatchInfo.Throw(met);
        }
    }

    public void SetMeta(string key, string value) => SetMeta([KeyValuePair.Create(key, value)]);

    public string? GetMeta(string key)
    {
        using var command = _reader.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// Money already committed by earlier runs in this folder: the reported cost where known, else the estimate
    /// for every job that may have been billed (accepted, or in doubt). Moderated jobs carry cost 0.
    /// </summary>
    public decimal CommittedSpendUsd()
    {
        using var command = _reader.CreateCommand();
        command.CommandText = $"""
            SELECT COALESCE(SUM(COALESCE(cost_micros,
                CASE WHEN state IN ({MayBeBilled}) THEN estimate_micros ELSE 0 END)), 0)
            FROM jobs
            """;
        return FromMicros((long)command.ExecuteScalar()!);
    }

    /// <summary>The highest reported cost / estimate of any job in this folder, or null when no cost was reported.</summary>
    public decimal? ObservedCostRatio()
    {
        using var command = _reader.CreateCommand();
        command.CommandText = "SELECT cost_micros, estimate_micros FROM jobs WHERE cost_micros > 0 AND estimate_micros > 0 ORDER BY CAST(cost_micros AS REAL) / estimate_micros DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (decimal)reader.GetInt64(0) / reader.GetInt64(1) : null;
    }

    private static readonly string MayBeBilled = string.Join(", ", JobStates.MayBeBilled.Select(s => $"'{s.ToText()}'"));

    public IReadOnlyDictionary<JobState, long> CountByState()
    {
        using var command = _reader.CreateCommand();
        command.CommandText = "SELECT state, COUNT(*) FROM jobs GROUP BY state";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<JobState, long>();
        while (reader.Read())
            counts[JobStates.Parse(reader.GetString(0))] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Rows in the given states, in plan order, streamed (at most <paramref name="limit"/>).</summary>
    public IEnumerable<JournalRecord> InStates(IReadOnlyCollection<JobState> states, int limit = int.MaxValue)
    {
        using var command = _reader.CreateCommand();
        var names = states.Select((s, i) => (Name: "$s" + i, Value: s.ToText())).ToList();
        command.CommandText = $"SELECT {Columns} FROM jobs WHERE state IN ({string.Join(", ", names.Select(n => n.Name))}) ORDER BY idx LIMIT $limit";
        foreach (var (name, value) in names)
            command.Parameters.AddWithValue(name, value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return ReadRecord(reader);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writerDone.Task.ConfigureAwait(false);
        }
        finally
        {
            _scores?.Dispose();
            _upsert.Dispose();
            _lookup.Dispose();
            _writer.Dispose();
            _reader.Dispose();
        }
    }

    private void RunWriter()
    {
        try
        {
            WriteLoop();
            _writerDone.TrySetResult();
        }
        catch (Exception e)
        {
            _writerDone.TrySetException(e);
        }
    }

    private void WriteLoop()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        var reader = _queue.Reader;
        // Blocks this thread (its own) while the queue is empty; completes when the journal is disposed.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
                batch.Add(write);
            try
            {
                CommitUsingReserveIfFull(batch);
                var committed = _time.GetTimestamp();
                foreach (var write in batch)
                {
                    if (write.Done is null)
                        continue;
                    if (write.QueuedAt is { } queuedAt)
                        Learn(_time.GetElapsedTime(queuedAt, committed));
                    write.Done.TrySetResult();
                }
            }
            catch (Exception e) when (e is SqliteException or IOException)
            {
                // A journal that cannot be written must stop the run: nothing may be submitted without a record.
                _failure = e;
                foreach (var write in batch)
                    write.Done?.TrySetException(new JournalException(e));
                _queue.Writer.TryComplete();
                while (reader.TryRead(out var rest))
                    rest.Done?.TrySetException(new JournalException(e));
                return;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="reserve"/> for the moment a commit meets a full disk: the journal then gives the space
    /// back, tells <paramref name="onDiskFull"/> (the run stops and writes nothing else) and commits again, so the
    /// rows a stopping run must still write (jobs back to "planned", tasks just accepted) are not lost.
    /// </summary>
    internal void KeepReserve(DiskReserve reserve, Action<Exception> onDiskFull)
    {
        _reserve = reserve;
        _onDiskFull = onDiskFull;
    }

    private void CommitUsingReserveIfFull(List<PendingWrite> batch)
    {
        try
        {
            Commit(batch);
        }
        catch (Exception e) when (StorageFailure.IsDiskFull(e) && _reserve?.Release() == true)
        {
            _onDiskFull?.Invoke(e);
            Commit(batch);
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        using var transaction = _writer.BeginTransaction();
        _upsert.Transaction = transaction;
        var now = Format(_time.GetUtcNow());
        foreach (var write in batch)
        {
            if (write.Meta is { } meta)
                WriteMeta(transaction, meta);
            if (write.Record is not { } r)
                continue;
            var p = _upsert.Parameters;
            p[0].Value = r.JobId;
            p[1].Value = r.Index;
            p[2].Value = r.State.ToText();
            p[3].Value = r.OutputFile;
            p[4].Value = ToMicros(r.EstimatedUsd);
            p[5].Value = r.CostUsd is { } cost ? ToMicros(cost) : DBNull.Value;
            p[6].Value = (object?)r.TaskId ?? DBNull.Value;
            p[7].Value = (object?)r.PollingUrl ?? DBNull.Value;
            p[8].Value = (object?)r.Sha256 ?? DBNull.Value;
            p[9].Value = (object?)r.Reason ?? DBNull.Value;
            p[10].Value = r.SubmittedAt is { } s ? Format(s) : DBNull.Value;
            p[11].Value = r.FinishedAt is { } f ? Format(f) : DBNull.Value;
            p[12].Value = now;
            p[13].Value = (object?)r.Failure.ToText() ?? DBNull.Value;
            p[14].Value = r.FromCache ? 1 : 0;
            _upsert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private void WriteMeta(SqliteTransaction transaction, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        var key = command.Parameters.Add(new SqliteParameter { ParameterName = "$k" });
        var value = command.Parameters.Add(new SqliteParameter { ParameterName = "$v" });
        foreach (var entry in entries)
        {
            key.Value = entry.Key;
            value.Value = entry.Value;
            command.ExecuteNonQuery();
        }
    }

    private void Learn(TimeSpan durableWrite) =>
        Volatile.Write(ref _durableSeconds, _durableSeconds + 0.1 * (durableWrite.TotalSeconds - _durableSeconds));

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
            throw new JournalException(failure);
    }

    private static JournalRecord ReadRecord(SqliteDataReader r) => new JournalRecord(
        r.GetString(0),
        r.GetInt64(1),
        JobStates.Parse(r.GetString(2)),
        r.GetString(3),
        FromMicros(r.GetInt64(4)),
        r.IsDBNull(5) ? null : FromMicros(r.GetInt64(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? null : DateTimeOffset.Parse(r.GetString(10), CultureInfo.InvariantCulture),
        r.IsDBNull(11) ? null : DateTimeOffset.Parse(r.GetString(11), CultureInfo.InvariantCulture),
        JobStates.ParseFailure(r.IsDBNull(12) ? null : r.GetString(12)))
    {
        FromCache = r.GetInt64(13) != 0,
    };

    /// <summary>
    /// On a disk too full for its WAL files, SQLite can leave the schema uncreated without reporting an error (the
    /// first query then fails with "no such table"); say what happened instead, as a full disk when it is one.
    /// </summary>
    private static void ThrowUnlessCreated(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'jobs'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1)
            return;
        connection.Dispose();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        throw StorageFailure.LooksFull(folder)
            ? StorageFailure.DiskFull($"no space left on the disk to create {path}")
            : new IOException($"the journal {path} could not be created");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static long ToMicros(decimal usd) => (long)decimal.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);

    internal static decimal FromMicros(long micros) => micros / 1_000_000m;

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>One job row, or run meta, or neither (a flush), with who waits for its commit.</summary>
    /// <param name="QueuedAt">Timestamp of a durable write's call, to learn how long they take.</param>
    private sealed record PendingWrite(JournalRecord? Record, IReadOnlyList<KeyValuePair<string, string>>? Meta, TaskCompletionSource? Done, long? QueuedAt);
}

// ---- Scores (fluxbatch score, score: in the manifest; docs/scoring.md) ----------------------------------------
// A table of their own, on a connection of their own: scores are written from many scoring tasks at once, while the
// run's writer and reader connections each belong to one thread. A lost score costs a rescore, never money, so each
// is one plain transaction rather than a place in the group commit.

/// <summary>One journaled score per job: <c>scores(job_id, sha256, expected_key, text_status, ...)</c>.</summary>
internal sealed class RunJournalScores : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens the scores of the journal in <paramref name="runDirectory"/> on a connection of their own.</summary>
    public static RunJournalScores Open(string runDirectory) =>
        new(new SqliteConnectionStringBuilder { DataSource = Path.Combine(runDirectory, RunJournal.FileName), Pooling = false }.ToString());

    internal RunJournalScores(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA busy_timeout=5000;
            CREATE TABLE IF NOT EXISTS scores(
                job_id TEXT PRIMARY KEY,
                sha256 TEXT NOT NULL,
                expected_key TEXT NOT NULL,
                text_status TEXT NOT NULL,
                text_mean REAL,
                text_worst REAL,
                sharpness REAL NOT NULL,
                colourfulness REAL NOT NULL,
                detail TEXT NOT NULL,
                scored_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    internal void Write(ScoreRecord score)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO scores(job_id, sha256, expected_key, text_status, text_mean, text_worst, sharpness, colourfulness, detail, scored_at)
                VALUES($id, $sha, $key, $status, $mean, $worst, $sharp, $colour, $detail, $at)
                ON CONFLICT(job_id) DO UPDATE SET sha256 = excluded.sha256, expected_key = excluded.expected_key,
                    text_status = excluded.text_status, text_mean = excluded.text_mean, text_worst = excluded.text_worst,
                    sharpness = excluded.sharpness, colourfulness = excluded.colourfulness, detail = excluded.detail,
                    scored_at = excluded.scored_at;
                """;
            command.Parameters.AddWithValue("$id", score.JobId);
            command.Parameters.AddWithValue("$sha", score.Sha256);
            command.Parameters.AddWithValue("$key", score.ExpectedKey);
            command.Parameters.AddWithValue("$status", score.TextStatus);
            command.Parameters.AddWithValue("$mean", (object?)score.TextMean ?? DBNull.Value);
            command.Parameters.AddWithValue("$worst", (object?)score.TextWorst ?? DBNull.Value);
            command.Parameters.AddWithValue("$sharp", score.Sharpness);
            command.Parameters.AddWithValue("$colour", score.Colourfulness);
            command.Parameters.AddWithValue("$detail", score.DetailJson);
            command.Parameters.AddWithValue("$at", score.ScoredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    internal ScoreRecord? Find(string jobId)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM scores WHERE job_id = $id";
            command.Parameters.AddWithValue("$id", jobId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }
    }

    /// <summary>Every score, by job id (read whole: one row per image, small).</summary>
    internal IReadOnlyDictionary<string, ScoreRecord> All()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM scores";
            using var reader = command.ExecuteReader();
            var all = new Dictionary<string, ScoreRecord>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var record = Read(reader);
                all[record.JobId] = record;
            }
            return all;
        }
    }

    public void Dispose() => _connection.Dispose();

    private const string Columns = "job_id, sha256, expected_key, text_status, text_mean, text_worst, sharpness, colourfulness, detail, scored_at";

    private static ScoreRecord Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetDouble(5),
        r.GetDouble(6), r.GetDouble(7), r.GetString(8),
        DateTimeOffset.Parse(r.GetString(9), CultureInfo.InvariantCulture));
}

/// <summary>A journaled score. <paramref name="ExpectedKey"/> digests the expected strings: new ones mean a rescore.</summary>
/// <param name="DetailJson">The whole <c>ImageScores</c> as JSON (what the sidecar holds under <c>scores</c>).</param>
internal sealed record ScoreRecord(
    string JobId, string Sha256, string ExpectedKey, string TextStatus, double? TextMean, double? TextWorst,
    double Sharpness, double Colourfulness, string DetailJson, DateTimeOffset ScoredAt);

/// <summary>The journal could not be written; the run must stop.</summary>
internal sealed class JournalException(Exception inner) : Exception("the run journal could not be written: " + inner.Message, inner);
