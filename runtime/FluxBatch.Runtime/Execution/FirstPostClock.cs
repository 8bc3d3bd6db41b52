using System.Diagnostics;
using FluxBatch.Outputs;

namespace FluxBatch.Execution;

/// <summary>
/// When the run's first POST went out, so that start-up time is measured, not seen by eye (run.json's
/// <c>first_post</c>). The time since the process started is monotonic from the POST on: the process's age is read
/// once, when the summary is written (the kernel's start time, 10 ms resolution), and the Stopwatch time elapsed
/// since the POST is taken off it; so the figure does not depend on when this class was first touched.
/// </summary>
internal sealed class FirstPostClock
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _marked;
    private DateTimeOffset _at;
    private long _runTimestamp;
    private long _stopwatchTimestamp;

    /// <summary>Completes when the first POST is about to be sent (never, if the run sends none).</summary>
    public Task Sent => _sent.Task;

    /// <summary>Called just before each POST is sent; only the first call counts (cheap after it).</summary>
    public void Mark(DateTimeOffset at, long runTimestamp)
    {
        if (Volatile.Read(ref _marked))
            return;
        var stopwatch = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_marked)
                return;
            (_at, _runTimestamp, _stopwatchTimestamp) = (at, runTimestamp, stopwatch);
            Volatile.Write(ref _marked, true);
        }
        _sent.TrySetResult();
    }

    /// <summary>The first POST's times; null if nothing was sent. <paramref name="runStartedAt"/> is the executor's start (same clock as the marks).</summary>
    public FirstPostTiming? Read(TimeProvider time, long runStartedAt)
    {
        lock (_gate)
        {
            if (!_marked)
                return null;
            var sinceRunStart = time.GetElapsedTime(runStartedAt, _runTimestamp);
            return new FirstPostTiming
            {
                At = _at,
                AfterProcessStartMs = ProcessAge() is { } age ? Math.Round((age - Stopwatch.GetElapsedTime(_stopwatchTimestamp)).TotalMilliseconds, 1) : null,
                AfterRunStartMs = Math.Round(sinceRunStart.TotalMilliseconds, 1),
            };
        }
    }

    private static TimeSpan? ProcessAge()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return DateTime.Now - process.StartTime;
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null; // no start time on this platform: the run-relative figure still stands
        }
    }
}
