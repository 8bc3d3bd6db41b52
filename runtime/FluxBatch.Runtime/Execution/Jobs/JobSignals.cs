namespace FluxBatch.Execution.Jobs;

/// <summary>
/// What every step of a job reads about the run as a whole: why it stopped, the clock, and the two tokens
/// (<c>StopSubmitting</c>: first Ctrl-C, no new submits; <c>Abort</c>: stop waiting on the API).
/// </summary>
internal sealed record JobSignals(RunStop Stop, TimeProvider Time, CancellationToken StopSubmitting, CancellationToken Abort)
{
    /// <summary>Nothing new may be sent: the run stopped, or the user asked it to stop submitting.</summary>
    public bool NoNewSubmits => Stop.Fatal is not null || StopSubmitting.IsCancellationRequested;
}
