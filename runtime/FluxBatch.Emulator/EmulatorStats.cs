using System.Collections.Concurrent;
using FluxBatch.Emulator.Billing;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Tasks;

namespace FluxBatch.Emulator;

/// <summary>
/// Live counters of one emulator, safe to read while it serves. Submissions are counted per request hash
/// (<see cref="RequestHash"/>), so a test can prove that nothing was submitted, and paid for, twice.
/// </summary>
public sealed class EmulatorStats
{
    private readonly CreditLedger _ledger;
    private readonly ActiveTaskLimiter _limiter;
    private readonly ActiveTaskLimiter _cometLimiter;
    private readonly TaskStore _tasks;
    private readonly ConcurrentDictionary<string, int> _submissionsByHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FaultKind, long> _faults = new();
    private long _submitAttempts;
    private long _submissions;
    private long _polls;
    private long _downloads;
    private long _downloadsWithKey;

    internal EmulatorStats(CreditLedger ledger, ActiveTaskLimiter limiter, ActiveTaskLimiter cometLimiter, TaskStore tasks)
    {
        _ledger = ledger;
        _limiter = limiter;
        _cometLimiter = cometLimiter;
        _tasks = tasks;
    }

    /// <summary>Every <c>POST /v1/{model}</c> that reached the handler, whatever its answer.</summary>
    public long SubmitAttempts => Interlocked.Read(ref _submitAttempts);

    /// <summary>Tasks created (including those whose answer was then dropped or replaced by an injected 500).</summary>
    public long Submissions => Interlocked.Read(ref _submissions);

    /// <summary>Every <c>get_result</c> request that passed authentication.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Sample downloads that sent image bytes (or began to).</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Sample downloads that carried an <c>x-key</c> header (a key leaked to the delivery host).</summary>
    public long DownloadsWithKey => Interlocked.Read(ref _downloadsWithKey);

    /// <summary>Tasks submitted and not yet finished, across keys and dialects.</summary>
    public int ActiveTasks => _limiter.CountActive() + _cometLimiter.CountActive();

    /// <summary>The most BFL-dialect tasks one key had active at once since the emulator started.</summary>
    public int PeakActiveTasksPerKey => _limiter.PeakPerKey;

    /// <summary>Submits answered 429 because their key had reached the active-task limit (injected 429s are counted as faults).</summary>
    public long ActiveTaskLimitRefusals => _limiter.Refused + _cometLimiter.Refused;

    /// <summary>Tasks submitted through the CometAPI dialect and not yet finished (its own limit).</summary>
    public int ActiveCometTasks => _cometLimiter.CountActive();

    /// <summary>
    /// Tasks held in memory: unfinished, finished less than <see cref="EmulatorOptions.TaskRetention"/> ago, and
    /// forgotten ones the next submit sweeps away. What the emulator's memory grows with; the counters here stay.
    /// </summary>
    public int TasksHeld => _tasks.Count;

    /// <summary>Credits charged so far (moderated tasks are never charged).</summary>
    public decimal CreditsCharged => _ledger.Charged;

    /// <summary>What <c>GET /v1/credits</c> answers now.</summary>
    public decimal CreditsBalance => _ledger.Balance;

    /// <summary>How many tasks were created from a request with this hash.</summary>
    public int SubmissionsFor(string requestHash) => _submissionsByHash.GetValueOrDefault(requestHash);

    /// <summary>A snapshot of tasks created per request hash.</summary>
    public IReadOnlyDictionary<string, int> SubmissionsPerRequestHash => new Dictionary<string, int>(_submissionsByHash, StringComparer.Ordinal);

    /// <summary>Request hashes that created more than one task: each is a job paid for twice.</summary>
    public IReadOnlyList<string> DuplicateRequestHashes => _submissionsByHash.Where(p => p.Value > 1).Select(p => p.Key).ToArray();

    /// <summary>How often a fault was injected (by rate or by trigger).</summary>
    public long FaultsInjected(FaultKind kind) => _faults.GetValueOrDefault(kind);

    internal void RecordSubmitAttempt() => Interlocked.Increment(ref _submitAttempts);

    internal void RecordSubmission(string requestHash)
    {
        Interlocked.Increment(ref _submissions);
        _submissionsByHash.AddOrUpdate(requestHash, 1, (_, n) => n + 1);
    }

    internal void RecordPoll() => Interlocked.Increment(ref _polls);

    internal void RecordDownload() => Interlocked.Increment(ref _downloads);

    internal void RecordDownloadWithKey() => Interlocked.Increment(ref _downloadsWithKey);

    internal void RecordFault(FaultKind kind) => _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);
}
