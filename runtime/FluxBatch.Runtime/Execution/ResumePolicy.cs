namespace FluxBatch.Execution;

/// <summary>What to do with a planned job, given what the journal says about it.</summary>
public enum ResumeAction
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

public static class ResumePolicy
{
    /// <param name="imageIntact">For a downloaded job: the file exists and its sha256 matches the journal.</param>
    public static ResumeAction Decide(JournalRecord? prior, bool resubmitInDoubt, bool imageIntact) => prior?.State switch
    {
        null or JobState.Planned => ResumeAction.Submit,
        JobState.Submitting or JobState.InDoubt => resubmitInDoubt ? ResumeAction.Submit : ResumeAction.InDoubt,
        JobState.Submitted or JobState.Ready => ResumeAction.Poll,
        JobState.Downloaded when imageIntact => ResumeAction.Skip,
        JobState.Downloaded => prior.TaskId is null ? ResumeAction.Submit : ResumeAction.Poll,
        JobState.Failed => ResumeAction.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(prior), prior.State, null),
    };
}
