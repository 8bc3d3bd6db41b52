namespace FluxBatch.Execution;

/// <summary>A job's state in the journal. The names are stored as text, so they are part of the file format.</summary>
public enum JobState
{
    /// <summary>Taken from the plan, nothing sent.</summary>
    Planned,
    /// <summary>Durably recorded just before the POST. Found on resume, it means the POST may or may not have arrived.</summary>
    Submitting,
    /// <summary>The server accepted it: task id and polling URL are known. Resume polls, never resubmits.</summary>
    Submitted,
    /// <summary>The server reported Ready; the image is being fetched.</summary>
    Ready,
    /// <summary>The image is on disk with its sha256; final.</summary>
    Downloaded,
    /// <summary>Terminal failure with a reason and a <see cref="FailureKind"/>; retried only when asked.</summary>
    Failed,
    /// <summary>The POST got a 5xx, timed out or lost its connection: it may exist and be billed. Not resent unless asked.</summary>
    InDoubt,
}

/// <summary>Why a <see cref="JobState.Failed"/> job failed, as the executor knew it (stored in its own journal column).</summary>
public enum FailureKind
{
    /// <summary>Not failed.</summary>
    None,
    /// <summary>Request or content moderated, at submission or while polling: not charged.</summary>
    Moderated,
    /// <summary>Refused at submission (a 4xx other than moderation): no task exists, nothing charged.</summary>
    Rejected,
    /// <summary>The task ended Error or Failed at the API.</summary>
    TaskError,
    /// <summary>Accepted and paid, then the API answered Task not found: the image can never be fetched.</summary>
    Lost,
    /// <summary>A reference image could not be read: never sent.</summary>
    ReferenceUnreadable,
    /// <summary>A bug or an environment failure before the job was accepted.</summary>
    Internal,
    /// <summary>Anything else the executor ends a job for (Ready without a sample, an unexpected status, an unsafe path).</summary>
    Other,
}

/// <summary>
/// What each job state and failure kind means, in one place: their stored names (the journal's file format) and
/// the questions the executor, the resume policy and the readers ask of them.
/// </summary>
internal static class JobStates
{
    public static string ToText(this JobState state) => state switch
    {
        JobState.Planned => "planned",
        JobState.Submitting => "submitting",
        JobState.Submitted => "submitted",
        JobState.Ready => "ready",
        JobState.Downloaded => "downloaded",
        JobState.Failed => "failed",
        JobState.InDoubt => "in_doubt",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static JobState Parse(string text) => text switch
    {
        "planned" => JobState.Planned,
        "submitting" => JobState.Submitting,
        "submitted" => JobState.Submitted,
        "ready" => JobState.Ready,
        "downloaded" => JobState.Downloaded,
        "failed" => JobState.Failed,
        "in_doubt" => JobState.InDoubt,
        _ => throw new FormatException($"unknown job state '{text}' in the journal"),
    };

    /// <summary>The stored name of a failure kind; null for <see cref="FailureKind.None"/> (the column is empty).</summary>
    public static string? ToText(this FailureKind kind) => kind switch
    {
        FailureKind.None => null,
        FailureKind.Moderated => "moderated",
        FailureKind.Rejected => "rejected",
        FailureKind.TaskError => "task_error",
        FailureKind.Lost => "lost",
        FailureKind.ReferenceUnreadable => "reference_unreadable",
        FailureKind.Internal => "internal",
        FailureKind.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Reads the stored name back; an empty column is <see cref="FailureKind.None"/>.</summary>
    public static FailureKind ParseFailure(string? text) => text switch
    {
        null => FailureKind.None,
        "moderated" => FailureKind.Moderated,
        "rejected" => FailureKind.Rejected,
        "task_error" => FailureKind.TaskError,
        "lost" => FailureKind.Lost,
        "reference_unreadable" => FailureKind.ReferenceUnreadable,
        "internal" => FailureKind.Internal,
        "other" => FailureKind.Other,
        _ => throw new FormatException($"unknown failure kind '{text}' in the journal"),
    };

    /// <summary>
    /// States whose job may have been billed when no cost was reported: a POST that may have arrived, an accepted task,
    /// a delivered image. The journal counts their estimate as committed spend.
    /// </summary>
    public static readonly IReadOnlyList<JobState> MayBeBilled =
        [JobState.Submitting, JobState.InDoubt, JobState.Submitted, JobState.Ready, JobState.Downloaded];

    /// <summary>A POST whose fate is unknown (recorded in doubt, or found "submitting" after a crash).</summary>
    public static bool IsInDoubt(this JobState state) => state is JobState.Submitting or JobState.InDoubt;

    /// <summary>Accepted by the API and not yet delivered: the next run polls it.</summary>
    public static bool IsAccepted(this JobState state) => state is JobState.Submitted or JobState.Ready;
}
