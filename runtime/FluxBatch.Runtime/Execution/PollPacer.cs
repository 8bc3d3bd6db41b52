namespace FluxBatch.Execution;

/// <summary>
/// Chooses when to poll a task: the first poll, and the schedule after it (<see cref="PollPlan.Next"/>).
/// Polling from the submit on wastes requests on a model that takes seconds; polling late holds a slot idle.
/// The pacer aims the first poll at the time by which a target share of tasks is Ready, learned from every task
/// (a running quantile estimate: each task moves it a little, earlier if the task was Ready by then, later if not).
/// After the aimed poll it polls at a fine step (<see cref="PollPlan.Retry"/>) that widens by a quarter of the time
/// past the aim, up to the interval: so a task that missed by a moment is caught a moment later, and one that takes
/// far longer is polled at the regular interval after a few polls (their number grows with the log of the overrun).
/// <list type="bullet">
/// <item>The fine step is 0.4 × the spread of generation times (their mean absolute deviation), at least
/// <see cref="FineShare"/> of the interval and <see cref="MinimumStep"/>, at most the interval: 2 ms at the default
/// 0.5 s when times are steady, the interval itself when they vary by seconds.</item>
/// <item>When generation times vary within about the fine step, the target share is 80%: most tasks are found Ready
/// on their first poll, a moment after they finished, and the others one fine step later.</item>
/// <item>When they vary by several fine steps, the target falls towards 20%: most tasks are then caught by the
/// fine polls that follow, instead of all waiting for the slow ones.</item>
/// </list>
/// What a task tells is a bracket: it was still in progress at its last pending poll and Ready at the poll that
/// found it so. Where the estimate falls inside a bracket, the task counts in proportion; so a burst of tasks that
/// missed an estimate since raised past them does not raise it further. A hit cannot show how early it could
/// have been, so one task in <see cref="ProbeEvery"/> polls first at <see cref="ProbeShare"/> of the estimate, and
/// a hit there pulls the estimate down at once; a task still pending at twice the estimate raises it at once.
/// Before any task has finished, the first poll comes after <see cref="FirstRoundShare"/> of the interval and each
/// wait is a quarter of the time since the submit (at least that, at most the interval): the first round of tasks
/// is seen Ready within about a quarter of its generation time, not a whole interval (which at 0.5 s more than
/// doubled a 200 ms turn). Thread-safe: one pacer serves a whole run.
/// </summary>
internal sealed class PollPacer(TimeSpan interval, int inFlight = 1)
{
    /// <summary>One task in this many is a probe: its first poll comes at <see cref="ProbeShare"/> of the estimate.</summary>
    public const int ProbeEvery = 16;

    public const double ProbeShare = 0.9;

    /// <summary>The fine step after an aimed poll is at least this share of the interval (2 ms at the default 0.5 s).</summary>
    public const double FineShare = 0.004;

    /// <summary>Before anything is known, the first poll and the shortest wait are this share of the interval (25 ms at 0.5 s).</summary>
    public const double FirstRoundShare = 0.05;

    /// <summary>The fine step is never shorter than this, whatever the interval: a poll's round trip is about a millisecond.</summary>
    public static readonly TimeSpan MinimumStep = TimeSpan.FromMilliseconds(2);

    /// <summary>The fine step as a share of the spread of generation times (their mean absolute deviation).</summary>
    private const double StepPerSpread = 0.4;

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
            {
                var early = interval * FirstRoundShare;
                return new PollPlan(early, Expected: null, Retry: early, Probe: false, Steady: false);
            }
            var probe = ++_handedOut % ProbeEvery == 0;
            var expected = TimeSpan.FromSeconds(estimate);
            // A first poll that misses is off by about the spread of the times, not by an interval: retry that much later.
            var retry = TimeSpan.FromSeconds(Math.Clamp(StepPerSpread * _spread, FineStep(), _interval));
            return new PollPlan(probe ? expected * ProbeShare : expected, expected, retry, probe, Steady());
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
            var lowInBracket = lo + (hi - lo) / 4;
            if (_estimate is not { } estimate)
            {
                // The first measurement, low in its bracket: a first poll aimed too early costs one fine step, too late a whole wait.
                _estimate = _typical = lowInBracket;
                return;
            }
            if (plan.Expected is null)
            {
                // The rest of the first round, planned before anything was known: the earliest of them sets the aim.
                // The very first task can take far longer than the others (its POST opens the connection and warms
                // the client: 80 ms more, seen at P = 64), and the slow climb down from a late aim cost a second of
                // late polls at the start of every run.
                _estimate = Math.Min(estimate, lowInBracket);
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
            if (push > 0 && Steady() && _interval > 0 && lo > estimate + _interval)
                push *= (lo - estimate) / _interval; // steady times, missed by intervals: catch up faster
            // The step is per round of tasks, not per task: a task's verdict arrives one generation after its plan,
            // when the other tasks in flight were planned with the same estimate; stepping per task would
            // overshoot by the number in flight and oscillate.
            estimate += StepShare * (estimate + _interval) * push / _inFlight;
            _estimate = lo > 2 * estimate ? (estimate + lo) / 2 : Math.Max(0, estimate);
        }
    }

    /// <summary>The share of tasks to find Ready on the first poll: 80% when times vary within a fine step, 20% when by two or more.</summary>
    private double Target()
    {
        var fine = FineStep();
        if (fine <= 0)
            return NarrowTarget;
        var wide = Math.Clamp((_spread / fine - 0.5) / 1.5, 0, 1);
        return NarrowTarget - (NarrowTarget - WideTarget) * wide;
    }

    /// <summary>The shortest fine step: <see cref="FineShare"/> of the interval, at least <see cref="MinimumStep"/>, at most the interval.</summary>
    private double FineStep() => Math.Min(_interval, Math.Max(_interval * FineShare, MinimumStep.TotalSeconds));

    /// <summary>
    /// Times vary by less than about half a poll interval: a task is very likely Ready at its expected time, so the
    /// next job may start a journal flush ahead of it (docs/running.md, "Early start").
    /// </summary>
    private bool Steady() => _interval <= 0 || _spread < _interval / 2;
}

/// <summary>How to poll one task (see <see cref="PollPacer"/>); times count from its submit.</summary>
/// <param name="First">When the first poll goes out.</param>
/// <param name="Expected">When the task is expected to be Ready; null before any task has finished.</param>
/// <param name="Retry">The shortest wait after the aimed poll (the fine step; before anything is known, the first round's).</param>
/// <param name="Probe">Aimed early on purpose, to learn whether the estimate is stale.</param>
/// <param name="Steady">Generation times hardly vary: the task will very likely be Ready at <paramref name="Expected"/>.</param>
internal readonly record struct PollPlan(TimeSpan First, TimeSpan? Expected, TimeSpan Retry, bool Probe, bool Steady)
{
    /// <summary>
    /// When the poll after number <paramref name="polls"/> (sent at <paramref name="sentAt"/>) goes out: a probe that
    /// missed polls next at the expected time, like any other task; after that, each wait is a quarter of the time
    /// past the expected time (past the submit, before anything is known), at least <see cref="Retry"/> and at most
    /// <paramref name="interval"/>: fine near the expected time, the regular interval for a task that runs far longer.
    /// </summary>
    public TimeSpan Next(int polls, TimeSpan sentAt, TimeSpan interval)
    {
        if (Probe && polls == 1 && Expected is { } expected && expected > sentAt)
            return expected;
        var overrun = (sentAt - (Expected ?? TimeSpan.Zero)) / 4;
        var wait = overrun < Retry ? Retry : overrun;
        return sentAt + (wait < interval ? wait : interval);
    }
}
