using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Runtime.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports the due time of every timer created on it. A wait through a
/// <see cref="TimeProvider"/> (<c>Task.Delay(d, time)</c>, Polly's retry delay, a timeout's
/// <c>CancellationTokenSource</c>) creates one timer, so a test reads the exact length of a wait the code under test
/// asked for, then moves the clock by exactly that much. No wall-clock timing is asserted.
/// </summary>
public sealed class RecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>Generous: only reached when the wait under test never happens (the test then fails).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        // Reported only once the timer is registered: a test that moves the clock as soon as it hears of the wait
        // must not move it before the wait has started.
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// The due time of the next timer created that is not one of <paramref name="ignored"/> (request timeouts,
    /// say), waiting for it on the real clock.
    /// </summary>
    public async Task<TimeSpan> NextWaitAsync(params TimeSpan[] ignored)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            TimeSpan dueTime;
            try
            {
                dueTime = await _timers.Reader.ReadAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no wait was started on the fake clock within {Patience.TotalSeconds} s");
            }
            if (!ignored.Contains(dueTime))
                return dueTime;
        }
    }
}
