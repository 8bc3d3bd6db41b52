namespace FluxBatch.Execution;

/// <summary>
/// Chooses when to poll a task for the first time (later polls follow every <see cref="Interval"/>).
/// Polling from the submit on wastes requests on a model that takes seconds; polling late holds a slot idle.
/// The pacer aims the first poll at the time by which a target share of tasks is Ready, learned from every task
/// (a running quantile estimate: each task moves it a little, earlier if the task was Ready by then, later if not):
/// <list type="bullet">
/// <item>When generation times hardly vary (within about one interval), the target share is 80%: most tasks are
/// found Ready on their first poll, a moment after they finished, and the others a quarter interval later.</item>
/// <item>When they vary by several intervals, the target falls towards 20%: most tasks are then caught by the
/// regular polls within one interval, instead of all waiting for the slow ones.</item>
/// </list>
/// What a task tells is a bracket: it was still in progress at its last pending poll and Ready at the poll that
/// found it so. Where the estimate falls inside a bracket, the task counts in proportion; so a burst of tasks that
/// missed an estimate since raised past them does not raise it further. A hit cannot show how early it could
/// have been, so one task in <see cref="ProbeEvery"/> polls first at <see cref="ProbeShare"/> of the estimate, and
/// a hit there pulls the estimate down at once; a task still pending at twice the estimate pulls it up at once.
/// When times are steady, the poll after a missed first poll comes after a quarter interval (the miss was by a moment).
/// Before any task has finished, the first poll waits one interval. Thread-safe: one pacer serves a whole run.
/// </summary>
/// <param name="interval">Time between polls after the first.</param>
/// <param name="inFlight">How many tasks run at once (the concurrency): the estimate moves by a round of them.</param>
public sealed class PollPacer(TimeSpan interval, int inFlight = 1)
{
    /// <summary>One task in this many is a probe: its first poll comes at <see cref="ProbeShare"/> of the estimate.</summary>
    public const int ProbeEvery = 16;

    public const double ProbeShare = 0.9;

    /// <summary>When times are steady, the poll after a missed first poll waits this share of the interval.</summary>
    public const double QuickRetryShare = 0.25;

    private const double NarrowTarget = 0.8;
    private const double WideTarget = 0.2;
    private const double StepShare = 0.01;
    private const double SpreadWeight = 0.05;

    private readonly object _gate = new();
    private readonly double _interval = interval.TotalSeconds;
    private readonly int _inFlight = Math.Max(1, inFlight);
    private double? _estimate;
    private double _typical;
    private double _spread;
    private long _handedOut;

    public TimeSpan Interval => interval;

    /// <summary>When to poll a task just submitted; give the plan back to <see cref="Observe"/>.</summary>
    public PollPlan Plan()
    {
        lock (_gate)
        {
            if (_estimate is not { } estimate)
                return new PollPlan(interval, Expected: null, Retry: interval, Probe: false, Steady: false);
            var probe = ++_handedOut % ProbeEvery == 0;
            var expected = TimeSpan.FromSeconds(estimate);
            var steady = Target() == NarrowTarget;
            // A first poll aimed at steady times that misses is off by a moment, not an interval: retry sooner.
            var retry = interval * (steady ? QuickRetryShare : 1);
            return new PollPlan(probe ? expected * ProbeShare : expected, expected, retry, probe, steady);
        }
    }

    /// <summary>Learns from a task found Ready.</summary>
    /// <param name="plan">The plan its first poll followed.</param>
    /// <param name="lastPending">When (since the submit) the last poll that found it in progress was sent; null if none.</param>
    /// <param name="ready">When the poll that found it Ready was sent.</param>
    public void Observe(PollPlan plan, TimeSpan? lastPending, TimeSpan ready)
    {
        var hi = Math.Max(0, ready.TotalSeconds);
        var lo = Math.Clamp(lastPending?.TotalSeconds ?? 0, 0, hi);
        lock (_gate)
        {
            if (_estimate is not { } estimate)
            {
                // The first measurement: the middle of what we know.
                _estimate = _typical = (lo + hi) / 2;
                return;
            }
            if (lastPending is not null)
            {
                // Spread of the generation time, from tasks measured to within an interval.
                var middle = (lo + hi) / 2;
                _typical += SpreadWeight * (middle - _typical);
                _spread += SpreadWeight * (Math.Abs(middle - _typical) - _spread);
            }
            if (plan.Probe && lastPending is null && hi < estimate)
                estimate = hi; // ready before the estimate: it is stale
            var target = Target();
            var readyByEstimate = estimate >= hi ? 1 : estimate <= lo ? 0 : (estimate - lo) / (hi - lo);
            var push = target - readyByEstimate;
            if (push > 0 && target == NarrowTarget && _interval > 0 && lo > estimate + _interval)
                push *= (lo - estimate) / _interval; // steady times, missed by intervals: catch up faster
            // The step is per round of tasks, not per task: a task's verdict arrives one generation after its plan,
            // when the other tasks in flight were planned with the same estimate; stepping per task would
            // overshoot by the number in flight and oscillate.
            estimate += StepShare * (estimate + _interval) * push / _inFlight;
            _estimate = lo > 2 * estimate ? (estimate + lo) / 2 : Math.Max(0, estimate);
        }
    }

    /// <summary>The share of tasks to find Ready on the first poll: 80% when times vary within an interval, 20% when by two or more.</summary>
    private double Target()
    {
        if (_interval <= 0)
            return NarrowTarget;
        var wide = Math.Clamp((_spread / _interval - 0.5) / 1.5, 0, 1);
        return NarrowTarget - (NarrowTarget - WideTarget) * wide;
    }
}

/// <summary>How to poll one task (see <see cref="PollPacer"/>); times count from its submit.</summary>
/// <param name="First">When the first poll goes out.</param>
/// <param name="Expected">When the task is expected to be Ready; null before any task has finished.</param>
/// <param name="Retry">From a missed first poll to the second; the interval after that.</param>
/// <param name="Probe">Aimed early on purpose, to learn whether the estimate is stale.</param>
/// <param name="Steady">Generation times hardly vary: the task will very likely be Ready at <paramref name="Expected"/>.</param>
public readonly record struct PollPlan(TimeSpan First, TimeSpan? Expected, TimeSpan Retry, bool Probe, bool Steady)
{
    /// <summary>
    /// When the poll after number <paramref name="polls"/> (sent at <paramref name="sentAt"/>) goes out: a probe that
    /// missed polls next at the expected time, like any other task; a poll at the expected time that missed is
    /// retried after <see cref="Retry"/>; after that, every <paramref name="interval"/>.
    /// </summary>
    public TimeSpan Next(int polls, TimeSpan sentAt, TimeSpan interval)
    {
        var aimedPoll = Probe ? 2 : 1;
        if (Probe && polls == 1 && Expected is { } expected && expected > sentAt)
            return expected;
        return sentAt + (polls == aimedPoll ? Retry : interval);
    }
}
