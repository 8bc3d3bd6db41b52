namespace FluxBatch.Execution;

/// <summary>
/// Chooses when to poll a task for the first time. Polling every interval from the submit wastes requests on a
/// model that takes seconds, and polling late wastes slot time; so the first poll waits 90% of the typical
/// submit-to-Ready time seen so far in this run (an exponentially weighted mean, so it follows drift), then
/// polls every <see cref="ExecutorOptions.PollInterval"/>. Before any task has finished it polls at the interval.
/// </summary>
public sealed class PollPacer(TimeSpan interval)
{
    private const double Weight = 0.1;
    private const double Lead = 0.9;
    private readonly object _gate = new();
    private double? _meanSeconds;

    public TimeSpan Interval => interval;

    public TimeSpan FirstDelay()
    {
        lock (_gate)
            return _meanSeconds is { } mean ? TimeSpan.FromSeconds(mean * Lead) : interval;
    }

    public void Observe(TimeSpan submitToReady)
    {
        var seconds = Math.Max(0, submitToReady.TotalSeconds);
        lock (_gate)
            _meanSeconds = _meanSeconds is { } mean ? mean + Weight * (seconds - mean) : seconds;
    }
}
