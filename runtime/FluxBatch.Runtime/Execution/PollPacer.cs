namespace FluxBatch.Execution;

/// <summary>
/// Chooses when to poll a task for the first time (later polls follow every <see cref="Interval"/>).
/// Polling from the submit on wastes requests on a model that takes seconds; polling late holds a slot idle.
/// The pacer aims the first poll at a target share of tasks being Ready by then, and learns that time from each
/// finished task (stochastic approximation of a quantile: a hit moves it earlier a little, a miss later a lot):
/// <list type="bullet">
/// <item>When generation times hardly vary (a miss is caught by the very next poll), the target share is 90%:
/// almost every task is found Ready on its first poll, a moment after it finished.</item>
/// <item>When they vary by several intervals, the target falls towards 20%: most tasks are then caught by the
/// regular polls within one interval, instead of all waiting for the slow ones.</item>
/// </list>
/// A hit only proves the task was quicker, so the estimate cannot feed on its own wait: one task in
/// <see cref="ProbeEvery"/> polls at three quarters of the estimate, and a hit there pulls the estimate down at once;
/// a task still pending at twice the estimate pulls it up at once. Before any task has finished, the first poll
/// waits one interval. Thread-safe: one pacer serves every job of a run.
/// </summary>
public sealed class PollPacer(TimeSpan interval)
{
    /// <summary>One task in this many is a probe: its first poll comes at <see cref="ProbeShare"/> of the estimate.</summary>
    public const int ProbeEvery = 16;

    public const double ProbeShare = 0.75;

    private const double NarrowTarget = 0.9;
    private const double WideTarget = 0.2;
    private const double StepShare = 0.01;
    private const double ExcessWeight = 0.1;

    private readonly object _gate = new();
    private readonly double _interval = interval.TotalSeconds;
    private double? _estimate;
    private double _excess;
    private long _handedOut;

    public TimeSpan Interval => interval;

    /// <summary>When to poll a task just submitted; give the plan back to <see cref="Observe"/>.</summary>
    public FirstPoll Plan()
    {
        lock (_gate)
        {
            if (_estimate is not { } estimate)
                return new FirstPoll(interval, Probe: false);
            var probe = ++_handedOut % ProbeEvery == 0;
            return new FirstPoll(TimeSpan.FromSeconds(probe ? estimate * ProbeShare : estimate), probe);
        }
    }

    /// <summary>Learns from a task found Ready.</summary>
    /// <param name="plan">The plan its first poll followed.</param>
    /// <param name="lastPending">When (since the submit) the last poll that found it in progress was sent; null if none.</param>
    /// <param name="ready">When the poll that found it Ready was sent.</param>
    public void Observe(FirstPoll plan, TimeSpan? lastPending, TimeSpan ready)
    {
        var hi = Math.Max(0, ready.TotalSeconds);
        lock (_gate)
        {
            if (_estimate is not { } estimate)
            {
                // The first measurement: the middle of what we know.
                _estimate = lastPending is { } lo ? (lo.TotalSeconds + hi) / 2 : hi / 2;
                _excess = _interval;
                return;
            }
            if (plan.Probe)
            {
                if (lastPending is null)
                    _estimate = Math.Min(estimate, hi); // ready well before the estimate: it is stale
                return;
            }
            var step = StepShare * (estimate + _interval);
            if (lastPending is not { } pending)
            {
                _estimate = Math.Max(0, estimate - (1 - Target()) * step);
                return;
            }
            _excess += ExcessWeight * (hi - plan.Delay.TotalSeconds - _excess);
            _estimate = pending.TotalSeconds > 2 * estimate
                ? (estimate + pending.TotalSeconds) / 2
                : estimate + Target() * step;
        }
    }

    /// <summary>The share of tasks to find Ready on the first poll, from how late the missed ones were (in intervals).</summary>
    private double Target()
    {
        if (_interval <= 0)
            return NarrowTarget;
        var spread = Math.Clamp((_excess / _interval - 1) / 2, 0, 1);
        return NarrowTarget - (NarrowTarget - WideTarget) * spread;
    }
}

/// <summary>When a task's first poll goes out, and whether it is a probe (see <see cref="PollPacer"/>).</summary>
public readonly record struct FirstPoll(TimeSpan Delay, bool Probe);
