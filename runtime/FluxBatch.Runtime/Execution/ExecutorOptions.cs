using FluxBatch.Api;
using FluxBatch.Manifest.Rules;

namespace FluxBatch.Execution;

/// <summary>How a batch is executed. Validated; defaults documented per property.</summary>
internal sealed record ExecutorOptions
{
    /// <summary>Most jobs in flight (submitted, not finished). From the manifest or <c>--concurrency</c>. Default 4 (<see cref="ApiLimits.DefaultConcurrency"/>).</summary>
    public int Concurrency { get; init; } = ApiLimits.DefaultConcurrency;

    /// <summary>Hard spend limit in US dollars for the run folder (earlier runs included); null means none.</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>
    /// Time between polls of a task still in progress. Default 0.5 s (BFL's samples). The first poll of a task
    /// waits for most of the typical generation time observed so far (see <see cref="PollPacer"/>).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Give up polling a task after this long (it stays "submitted": a later run polls it again). Default 10 min.</summary>
    public TimeSpan MaxPollDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Polls for a fresh sample URL after a download found it expired, before the image counts as lost. Default 3.</summary>
    public int MaxSampleRefreshes { get; init; } = 3;

    /// <summary>Resubmit jobs whose earlier POST is in doubt (they may be paid twice). Default false: report them.</summary>
    public bool ResubmitInDoubt { get; init; }

    /// <summary>Which jobs that failed in an earlier run are submitted again. Default none: failed stays failed.</summary>
    public RetryFailed Retry { get; init; } = RetryFailed.None;

    /// <summary>
    /// Waits between submits refused with 429: the server's Retry-After when it sends one, else the jittered backoff;
    /// either way capped at <see cref="HttpRetryOptions.MaxDelay"/>.
    /// </summary>
    public HttpRetryOptions RateLimitBackoff { get; init; } = new();

    /// <summary>How many failures and in-doubt jobs the report and run.json list by name. Default 50.</summary>
    public int ListedIssues { get; init; } = 50;

    /// <summary>
    /// Called with each job whose image and sidecar are written and whose "downloaded" row is queued, from the job's
    /// own task: keep it short (queue the work, as <c>Scoring.ScoringQueue</c> does). Null: nothing is called.
    /// </summary>
    public Action<Planning.PlannedJob>? OnImageSaved { get; init; }

    /// <summary>
    /// Who shares the account's slots and the shared budget with other runs: <c>redis://HOST:PORT</c> (every process
    /// reaching it), <c>local</c> (the processes of this machine, file locks in the state folder) or null / <c>none</c>
    /// (this run alone). <c>fluxbatch run</c> sets it from <c>--coordinator</c>, <c>FLUXBATCH_COORDINATOR</c>, else local.
    /// </summary>
    public string? Coordinator { get; init; }

    /// <summary>The account whose slots are shared: a hash of provider and key (never the key). Null: no slots are shared.</summary>
    public string? Account { get; init; }

    /// <summary><c>budget.shared</c>: the ledger every run naming it spends from (needs a Redis coordinator); null: none.</summary>
    public string? SharedBudget { get; init; }

    /// <summary>The account's active-task limit shared by all its runs (24; tests lower it).</summary>
    internal int AccountLimit { get; init; } = Coordination.AccountId.ActiveTaskLimit;

    /// <summary>The local coordinator's state folder; null: FLUXBATCH_STATE_DIR, else the user's state folder.</summary>
    internal string? StateDirectory { get; init; }

    public ExecutorOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1, nameof(Concurrency));
        if (BudgetUsd < 0)
            throw new ArgumentOutOfRangeException(nameof(BudgetUsd), "A budget cannot be negative.");
        if (PollInterval < TimeSpan.Zero || MaxPollDuration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(PollInterval), "Poll timings must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSampleRefreshes, nameof(MaxSampleRefreshes));
        RateLimitBackoff.Validate();
        return this;
    }
}
