using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Execution;

/// <summary>What to do with a planned job, given what the journal says about it.</summary>
internal enum ResumeAction
{
    /// <summary>Never sent (or sent and refused): submit it.</summary>
    Submit,
    /// <summary>Accepted earlier (task id known), or downloaded but the image is gone or altered: poll, never resubmit.</summary>
    Poll,
    /// <summary>Downloaded and the image matches its sha256.</summary>
    Skip,
    /// <summary>A POST that may have arrived: report it (or submit it again with <c>--resubmit-in-doubt</c>).</summary>
    InDoubt,
    /// <summary>Failed for good earlier (moderation, Error, 4xx): report it, never retry.</summary>
    Failed,
}

/// <summary>Which failed jobs a run submits again (<c>run --retry-failed</c>, <c>--retry-moderated</c>).</summary>
[Flags]
internal enum RetryFailed
{
    None = 0,
    /// <summary>Failed without being charged (refused at submit, or an error the API did not bill).</summary>
    Uncharged = 1,
    /// <summary>Moderated (request or content): not charged, but the same prompt is likely to be moderated again.</summary>
    Moderated = 2,
}

/// <summary>What a failed job cost, which decides whether a retry may send it again.</summary>
internal enum FailureClass
{
    /// <summary>Never charged: <c>--retry-failed</c> sends it again.</summary>
    Uncharged,
    /// <summary>Moderated, refunded: only <c>--retry-moderated</c> sends it again.</summary>
    Moderated,
    /// <summary>Accepted and charged (an Error the API billed, or an image lost after it was paid): never resent.</summary>
    Paid,
}

internal static class ResumePolicy
{
    /// <param name="imageIntact">For a downloaded job: the file exists and its sha256 matches the journal.</param>
    public static ResumeAction Decide(JournalRecord? prior, bool resubmitInDoubt, bool imageIntact) =>
        Decide(prior, resubmitInDoubt, imageIntact, RetryFailed.None);

    /// <summary>How a failed row was charged: moderated (refunded), paid (a cost or a task that may have one), or not charged.</summary>
    public static FailureClass Classify(JournalRecord failed) =>
        failed.Failure == FailureKind.Moderated ? FailureClass.Moderated
        : failed.CostUsd > 0m || (failed.CostUsd is null && failed.TaskId is not null) ? FailureClass.Paid
        : FailureClass.Uncharged;

    /// <summary>True when <paramref name="retry"/> sends this failed job again.</summary>
    public static bool Retries(JournalRecord failed, RetryFailed retry) => Classify(failed) switch
    {
        FailureClass.Uncharged => retry.HasFlag(RetryFailed.Uncharged),
        FailureClass.Moderated => retry.HasFlag(RetryFailed.Moderated),
        _ => false,
    };

    /// <summary>The reason of a job the API forgot after it was accepted (Task not found): paid for, image never fetched.</summary>
    public static string LostReason(string taskId, decimal paidUsd) =>
        $"lost: the API answers Task not found for task {taskId}; it was paid ({UsdText.Format(paidUsd)}) but its image was never downloaded";

    /// <summary>True for a job that was paid for and whose image the API no longer has.</summary>
    public static bool IsLostButPaid(JournalRecord record) =>
        record.State == JobState.Failed && record.Failure == FailureKind.Lost;

    public static ResumeAction Decide(JournalRecord? prior, bool resubmitInDoubt, bool imageIntact, RetryFailed retry) => prior?.State switch
    {
        null or JobState.Planned => ResumeAction.Submit,
        JobState.Submitting or JobState.InDoubt => resubmitInDoubt ? ResumeAction.Submit : ResumeAction.InDoubt,
        JobState.Submitted or JobState.Ready => ResumeAction.Poll,
        JobState.Downloaded when imageIntact => ResumeAction.Skip,
        JobState.Downloaded => prior.TaskId is null ? ResumeAction.Submit : ResumeAction.Poll,
        JobState.Failed => Retries(prior, retry) ? ResumeAction.Submit : ResumeAction.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(prior), prior.State, null),
    };
}
