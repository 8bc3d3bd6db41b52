using System.Text.Json.Serialization;
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
/// What a run did: the report a run returns and, as it is, the <c>run.json</c> it leaves in its folder (one record,
/// so the two cannot disagree). Counts partition the plan:
/// <c>Downloaded + AlreadyDone + Failed + InDoubt + Unfinished + NotRun = TotalJobs</c>.
/// </summary>
public sealed record RunReport
{
    /// <summary>The report's file in its run folder: <c>run.json</c>, rewritten at the end of every run.</summary>
    public const string FileName = "run.json";

    [JsonPropertyName("manifest")] public required string Manifest { get; init; }
    [JsonPropertyName("provider")] public required string Provider { get; init; }
    [JsonPropertyName("outcome"), JsonConverter(typeof(JsonStringEnumConverter<RunOutcome>))] public required RunOutcome Outcome { get; init; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; init; }
    [JsonPropertyName("started_at")] public required DateTimeOffset StartedAt { get; init; }
    [JsonPropertyName("finished_at")] public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>The run's time, to the millisecond (as run.json has always held it).</summary>
    [JsonPropertyName("elapsed_seconds")] public required double ElapsedSeconds { get; init; }
    [JsonPropertyName("total_jobs")] public required long TotalJobs { get; init; }
    [JsonPropertyName("downloaded")] public required long Downloaded { get; init; }
    /// <summary>Downloaded by an earlier run (image present, sha256 verified).</summary>
    [JsonPropertyName("already_done")] public required long AlreadyDone { get; init; }
    [JsonPropertyName("failed")] public required long Failed { get; init; }
    [JsonPropertyName("in_doubt")] public required long InDoubt { get; init; }
    /// <summary>Submitted but not finished (poll gave up, connection trouble, interrupted): a later run polls them.</summary>
    [JsonPropertyName("unfinished")] public required long Unfinished { get; init; }
    /// <summary>Never submitted: stopped by the budget, Ctrl-C, or a fatal API answer.</summary>
    [JsonPropertyName("not_run")] public required long NotRun { get; init; }
    /// <summary>POSTs this run sent that the server may have accepted (accepted + in doubt).</summary>
    [JsonPropertyName("submissions")] public required long Submissions { get; init; }
    [JsonPropertyName("spent_usd")] public required decimal SpentUsd { get; init; }
    [JsonPropertyName("budget_usd")] public decimal? BudgetUsd { get; init; }
    [JsonPropertyName("failures")] public required IReadOnlyList<JobIssue> Failures { get; init; }
    [JsonPropertyName("in_doubt_jobs")] public required IReadOnlyList<JobIssue> InDoubtJobs { get; init; }
    /// <summary>When the run's first POST was sent; absent if it sent none.</summary>
    [JsonInclude, JsonPropertyName("first_post")] internal FirstPostTiming? FirstPost { get; init; }

    [JsonIgnore] public TimeSpan Elapsed => TimeSpan.FromSeconds(ElapsedSeconds);

    /// <summary>What the run did besides its jobs that the user should know (a journal rebuilt from sidecars); not in run.json.</summary>
    [JsonIgnore] public IReadOnlyList<string> Notices { get; init; } = [];
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
