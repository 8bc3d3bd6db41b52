using FluxBatch.Outputs;

namespace FluxBatch.Execution;

public enum RunOutcome
{
    /// <summary>Every job of the plan is downloaded.</summary>
    Completed,
    /// <summary>The run went to the end, but some jobs failed, are in doubt or unfinished.</summary>
    CompletedWithFailures,
    /// <summary>The budget stopped submissions; some jobs did not run.</summary>
    BudgetReached,
    /// <summary>Ctrl-C: submissions stopped, in-flight jobs finished or recorded.</summary>
    Interrupted,
    /// <summary>The API refused the account (402 out of credits, 403) or the journal failed: the whole run stopped.</summary>
    Stopped,
}

/// <summary>
/// What a run did. Counts partition the plan: <c>Downloaded + AlreadyDone + Failed + InDoubt + Unfinished + NotRun = TotalJobs</c>.
/// </summary>
/// <param name="AlreadyDone">Downloaded by an earlier run (image present, sha256 verified).</param>
/// <param name="Unfinished">Submitted but not finished (poll gave up, connection trouble, interrupted): a later run polls them.</param>
/// <param name="NotRun">Never submitted: stopped by the budget, Ctrl-C, or a fatal API answer.</param>
/// <param name="Submissions">POSTs this run sent that the server may have accepted (accepted + in doubt).</param>
public sealed record RunReport(
    RunOutcome Outcome,
    string? StopReason,
    long TotalJobs,
    long Downloaded,
    long AlreadyDone,
    long Failed,
    long InDoubt,
    long Unfinished,
    long NotRun,
    long Submissions,
    decimal SpentUsd,
    decimal? BudgetUsd,
    TimeSpan Elapsed,
    IReadOnlyList<JobIssue> Failures,
    IReadOnlyList<JobIssue> InDoubtJobs)
{
    /// <summary>What the run did besides its jobs that the user should know (a journal rebuilt from sidecars).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}

/// <summary>A live view for progress displays.</summary>
/// <param name="Finished">Jobs settled one way or another (downloaded, done before, failed, in doubt, unfinished, not run).</param>
public sealed record RunProgress(
    long TotalJobs,
    long Finished,
    long Downloaded,
    long AlreadyDone,
    long Failed,
    long InDoubt,
    long Unfinished,
    long NotRun,
    int InFlight,
    int ConcurrencyLimit,
    decimal SpentUsd,
    decimal ReservedUsd,
    decimal? BudgetUsd,
    TimeSpan Elapsed);
