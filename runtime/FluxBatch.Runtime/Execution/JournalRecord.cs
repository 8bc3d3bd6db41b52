namespace FluxBatch.Execution;

/// <summary>
/// One job's row in the journal. An update carries the fields it knows; null fields keep what the row had
/// (except <see cref="Reason"/> and <see cref="Failure"/>, which each update sets, so a resubmitted job does not
/// keep an old reason; likewise <see cref="FromCache"/>). Money is stored in micro-dollars (exact integer sums).
/// </summary>
/// <param name="Reason">Words for people (redacted); never read back for meaning: <see cref="Failure"/> is the kind.</param>
public sealed record JournalRecord(
    string JobId,
    long Index,
    JobState State,
    string OutputFile,
    decimal EstimatedUsd,
    decimal? CostUsd = null,
    string? TaskId = null,
    string? PollingUrl = null,
    string? Sha256 = null,
    string? Reason = null,
    DateTimeOffset? SubmittedAt = null,
    DateTimeOffset? FinishedAt = null,
    FailureKind Failure = FailureKind.None)
{
    /// <summary>A downloaded job whose image was copied from the shared cache: nothing was charged for it here.</summary>
    internal bool FromCache { get; init; }
}
