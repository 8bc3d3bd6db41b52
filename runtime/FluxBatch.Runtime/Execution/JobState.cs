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
    /// <summary>Terminal failure with a reason (moderation, Error, 4xx, lost sample); never retried.</summary>
    Failed,
    /// <summary>The POST got a 5xx, timed out or lost its connection: it may exist and be billed. Not resent unless asked.</summary>
    InDoubt,
}

public static class JobStates
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
}
