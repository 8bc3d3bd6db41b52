namespace FluxBatch.Execution;

/// <summary>
/// Bounds the jobs in flight (submitted and not yet finished, which is what the API's active-task limit counts)
/// and adapts to 429s, AIMD-style as TCP does: each 429 halves the limit (at most once per
/// <see cref="DecreaseCooldown"/>, so one burst of 429s from jobs submitted together counts once), each accepted
/// submit adds 1/limit, so the limit climbs back by about one per round of successes, up to the configured maximum.
/// Waiters are served in arrival order.
/// </summary>
public sealed class ConcurrencyLimiter
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly TimeProvider _time;
    private double _limit;
    private int _inFlight;
    private long _lastDecrease = long.MinValue;

    public ConcurrencyLimiter(int maximum, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        Maximum = maximum;
        _limit = maximum;
        _time = time ?? TimeProvider.System;
    }

    public int Maximum { get; }

    public TimeSpan DecreaseCooldown { get; init; } = TimeSpan.FromSeconds(1);

    public int CurrentLimit { get { lock (_gate) return (int)_limit; } }

    public int InFlight { get { lock (_gate) return _inFlight; } }

    public Task AcquireAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_waiters.Count == 0 && _inFlight < (int)_limit)
            {
                _inFlight++;
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                // A cancelled waiter stays queued but is skipped when its turn comes (TrySetResult fails).
                cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            }
            return waiter.Task;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _inFlight--;
            Grant();
        }
    }

    /// <summary>An accepted submit: additive increase.</summary>
    public void OnAccepted()
    {
        lock (_gate)
        {
            _limit = Math.Min(Maximum, _limit + 1.0 / _limit);
            Grant();
        }
    }

    /// <summary>A 429: multiplicative decrease (not below 1).</summary>
    public void OnRateLimited()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_lastDecrease != long.MinValue && _time.GetElapsedTime(_lastDecrease, now) < DecreaseCooldown)
                return;
            _lastDecrease = now;
            _limit = Math.Max(1, Math.Floor(_limit / 2));
        }
    }

    private void Grant()
    {
        while (_inFlight < (int)_limit && _waiters.TryDequeue(out var next))
        {
            if (next.TrySetResult())
                _inFlight++;
        }
    }
}
