namespace FluxBatch.Execution;

/// <summary>
/// Chooses when to poll a task for the first time. Polling every interval from the submit wastes requests on a
/// model that takes seconds; polling late wastes slot time. So the pacer keeps an estimate of the generation time
/// and the first poll waits 90% of it, then polls every <see cref="ExecutorOptions.PollInterval"/>.
/// The estimate must not feed on itself: a task found Ready on its first poll only proves the true time was
/// shorter than the wait, so then the estimate halves (probing earlier); a task that needed more polls was
/// measured to within one interval, so the estimate moves toward that measurement (weighted mean, following drift).
/// Before any task has finished, the first poll waits one interval.
/// </summary>
public sealed class PollPacer(TimeSpan interval)
{
    private const double Weight = 0.2;
    private const double Lead = 0.9;
    private readonly object _gate = new();
    private double? _estimateSeconds;

    public TimeSpan Interval => interval;

    public TimeSpan FirstDelay()
    {
        lock (_gate)
            return _estimateSeconds is { } estimate ? TimeSpan.FromSeconds(estimate * Lead) : interval;
    }

    /// <param name="submitToReady">Time from the submit to the poll that saw Ready.</param>
    /// <param name="polls">Polls it took (1: Ready on the first).</param>
    public void Observe(TimeSpan submitToReady, int polls)
    {
        var seconds = Math.Max(0, submitToReady.TotalSeconds);
        lock (_gate)
        {
            _estimateSeconds = (_estimateSeconds, polls) switch
            {
                (null, _) => polls > 1 ? seconds : seconds / 2,
                ({ } estimate, <= 1) => Math.Min(estimate, seconds) / 2,
                ({ } estimate, _) => estimate + Weight * (seconds - estimate),
            };
        }
    }
}
