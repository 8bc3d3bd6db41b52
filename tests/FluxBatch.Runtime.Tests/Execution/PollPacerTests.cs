using FluxBatch.Execution;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>
/// The pacer against simulated runs: <c>inFlight</c> slots run tasks back to back; each task takes its plan when it
/// is submitted and reports when a poll finds it Ready, so verdicts arrive one generation late, as in a real run.
/// </summary>
public sealed class PollPacerTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan Default = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Before_anything_is_known_the_first_round_is_seen_ready_within_a_quarter_of_its_time_not_a_whole_interval()
    {
        var plan = new PollPacer(Default).Plan();
        Assert.Equal(TimeSpan.FromMilliseconds(25), plan.First);
        Assert.Null(plan.Expected);

        var polls = PollTimes(plan, Default, until: TimeSpan.FromSeconds(10));
        var found = polls.First(at => at >= TimeSpan.FromMilliseconds(205));
        Assert.InRange(found.TotalMilliseconds, 205, 205 * 1.25 + 1);
        // The waits grow to the interval and never pass it: a task of seconds is not polled much more than BFL's samples do.
        var waits = polls.Zip(polls.Skip(1), (a, b) => b - a).ToList();
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.FromMilliseconds(25), Default));
        Assert.Equal(Default, waits[^1]);
        Assert.InRange(polls.Count, 20, 45); // 20 at a fixed 0.5 s
    }

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    public void At_the_default_interval_a_steady_time_is_seen_ready_within_a_few_milliseconds(int inFlight)
    {
        // The account cap's case (P = 24, L = 200 ms, polls every 0.5 s): a missed aim used to cost a quarter interval,
        // then a fine step of 10 ms (4.9 ms on average here); now 2 ms.
        var random = new Random(5);
        var run = Simulate(new PollPacer(Default, inFlight), Default, inFlight, tasks: 4_000, () => Normal(random, 0.200, 0.002));

        Assert.True(run.MeanDelay < 0.003, $"found Ready {run.MeanDelay * 1000:0.00} ms after it was, on average");
        Assert.True(run.MeanPolls < 2.5, $"{run.MeanPolls:0.00} polls per task");
    }

    [Theory]
    [InlineData(24)]
    [InlineData(64)]
    public void At_the_default_interval_times_spread_over_100_ms_are_caught_by_fine_polls(int inFlight)
    {
        // uniform:150ms..250ms: the 80th percentile would make the average task wait 40 ms; fine polls from early on do not.
        var random = new Random(11);
        var run = Simulate(new PollPacer(Default, inFlight), Default, inFlight, tasks: 6_000, () => 0.150 + 0.100 * random.NextDouble());

        Assert.True(run.MeanDelay < 0.008, $"found Ready {run.MeanDelay * 1000:0.00} ms after it was, on average");
        Assert.True(run.MeanPolls < 7, $"{run.MeanPolls:0.00} polls per task");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void A_steady_generation_time_is_found_ready_on_the_first_poll_moments_after_it_finished(int inFlight)
    {
        var random = new Random(3);
        var run = Simulate(new PollPacer(Fast, inFlight), Fast, inFlight, tasks: 4_000, () => Normal(random, 0.200, 0.001));

        Assert.True(run.MeanDelay < 0.004, $"found Ready {run.MeanDelay * 1000:0.00} ms after it was, on average");
        Assert.True(run.MeanPolls < 1.6, $"{run.MeanPolls:0.00} polls per task");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    public void Widely_varying_times_are_caught_by_the_regular_polls_instead_of_waiting_for_the_slow_ones(int inFlight)
    {
        // flex-like: 10 s ± 2 s, polled every 0.5 s. Aiming the first poll at the 90th percentile would make the
        // average task wait about 3 s; polling from early on catches it within one interval.
        var interval = TimeSpan.FromMilliseconds(500);
        var random = new Random(7);
        var run = Simulate(new PollPacer(interval, inFlight), interval, inFlight, tasks: 2_000, () => Math.Max(0.5, Normal(random, 10, 2)));

        Assert.True(run.MeanDelay < 0.6, $"found Ready {run.MeanDelay:0.00} s after it was, on average");
        Assert.True(run.MeanPolls < 8, $"{run.MeanPolls:0.00} polls per task");
    }

    [Fact]
    public void A_slow_first_task_does_not_set_a_late_aim_for_the_next_round()
    {
        // The first POST of a run opens the connection and warms the client: its task looks 80 ms longer (seen at
        // P = 64). The rest of the first round, planned before anything was known, bring the aim down at once.
        var pacer = new PollPacer(Default, inFlight: 64);
        var firstRound = Enumerable.Range(0, 64).Select(_ => pacer.Plan()).ToList();
        Observe(pacer, firstRound[0], generation: 0.280);
        foreach (var plan in firstRound.Skip(1))
            Observe(pacer, plan, generation: 0.200);

        Assert.InRange(pacer.Plan().First.TotalMilliseconds, 190, 212);
    }

    [Fact]
    public void Follows_generation_times_that_drop_or_rise()
    {
        var pacer = new PollPacer(Fast, 16);
        Simulate(pacer, Fast, 16, tasks: 500, () => 0.400);
        var faster = Simulate(pacer, Fast, 16, tasks: 1_000, () => 0.100);
        Assert.InRange(pacer.Plan().First.TotalMilliseconds, 95, 115);
        Assert.True(faster.MeanDelay < 0.01, $"{faster.MeanDelay * 1000:0.0} ms late after the drop");

        var slower = Simulate(pacer, Fast, 16, tasks: 1_000, () => 0.300);
        Assert.InRange(pacer.Plan().First.TotalMilliseconds, 295, 315);
        Assert.True(slower.MeanPolls < 2, $"{slower.MeanPolls:0.00} polls per task after the rise");
    }

    [Fact]
    public void Zero_generation_time_brings_the_first_poll_down_to_almost_nothing()
    {
        var pacer = new PollPacer(Fast, 64);
        Simulate(pacer, Fast, 64, tasks: 2_000, () => 0);
        Assert.True(pacer.Plan().First < TimeSpan.FromMilliseconds(0.5), pacer.Plan().First.ToString());
    }

    [Fact]
    public void A_probe_that_misses_polls_next_at_the_expected_time_then_retries_soon()
    {
        var plan = new PollPlan(TimeSpan.FromMilliseconds(180), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(2.5), Probe: true, Steady: true);
        Assert.Equal(TimeSpan.FromMilliseconds(200), plan.Next(1, TimeSpan.FromMilliseconds(181), Fast));
        Assert.Equal(TimeSpan.FromMilliseconds(203.5), plan.Next(2, TimeSpan.FromMilliseconds(201), Fast));
        // Still fine a moment later; a quarter of the overrun once that is longer; never more than the interval.
        Assert.Equal(TimeSpan.FromMilliseconds(206.5), plan.Next(3, TimeSpan.FromMilliseconds(204), Fast));
        Assert.Equal(TimeSpan.FromMilliseconds(225), plan.Next(4, TimeSpan.FromMilliseconds(220), Fast));
        Assert.Equal(TimeSpan.FromMilliseconds(310), plan.Next(5, TimeSpan.FromMilliseconds(300), Fast));

        var aimed = plan with { First = TimeSpan.FromMilliseconds(200), Probe = false };
        Assert.Equal(TimeSpan.FromMilliseconds(203.5), aimed.Next(1, TimeSpan.FromMilliseconds(201), Fast));
        Assert.Equal(TimeSpan.FromMilliseconds(206.5), aimed.Next(2, TimeSpan.FromMilliseconds(204), Fast));
    }

    /// <summary>Every poll a task that never finishes gets before <paramref name="until"/>.</summary>
    private static List<TimeSpan> PollTimes(PollPlan plan, TimeSpan interval, TimeSpan until)
    {
        var times = new List<TimeSpan> { plan.First };
        while (times[^1] < until)
            times.Add(plan.Next(times.Count, times[^1], interval));
        return times;
    }

    /// <summary>Polls a task of <paramref name="generation"/> seconds as planned and tells the pacer what the polls saw.</summary>
    private static void Observe(PollPacer pacer, PollPlan plan, double generation)
    {
        var polls = PollTimes(plan, Default, until: TimeSpan.FromSeconds(generation));
        var ready = polls.First(at => at.TotalSeconds >= generation);
        var pending = polls.LastOrDefault(at => at < ready);
        pacer.Observe(plan, pending == default ? null : pending, ready);
    }

    private sealed record Outcome(double MeanDelay, double MeanPolls);

    /// <summary>Returns how late Ready was seen and how many polls it took, on average over the second half of the tasks.</summary>
    private static Outcome Simulate(PollPacer pacer, TimeSpan interval, int inFlight, int tasks, Func<double> generationSeconds)
    {
        var verdicts = new PriorityQueue<Verdict, double>();
        for (var slot = 0; slot < inFlight && slot < tasks; slot++)
            verdicts.Enqueue(Submit(pacer, interval, 0, generationSeconds()), 0);
        var started = Math.Min(inFlight, tasks);
        double delaySum = 0, pollSum = 0;
        var counted = 0;
        for (var finished = 0; verdicts.TryDequeue(out var verdict, out var now); finished++)
        {
            pacer.Observe(verdict.Plan, verdict.LastPending, verdict.Ready);
            if (finished >= tasks / 2)
            {
                delaySum += verdict.Late;
                pollSum += verdict.Polls;
                counted++;
            }
            if (started++ < tasks)
            {
                var next = Submit(pacer, interval, now, generationSeconds());
                verdicts.Enqueue(next, now + next.Ready.TotalSeconds);
            }
        }
        return new Outcome(delaySum / counted, pollSum / counted);
    }

    /// <summary>A task submitted now: polled as planned (first, retry), then every interval, until a poll reaches its generation time.</summary>
    private static Verdict Submit(PollPacer pacer, TimeSpan interval, double now, double generation)
    {
        var plan = pacer.Plan();
        var at = plan.First.TotalSeconds;
        TimeSpan? lastPending = null;
        var polls = 1;
        while (at < generation)
        {
            lastPending = TimeSpan.FromSeconds(at);
            at = plan.Next(polls, TimeSpan.FromSeconds(at), interval).TotalSeconds;
            polls++;
        }
        return new Verdict(plan, lastPending, TimeSpan.FromSeconds(at), at - generation, polls);
    }

    private sealed record Verdict(PollPlan Plan, TimeSpan? LastPending, TimeSpan Ready, double Late, int Polls);

    private static double Normal(Random random, double mean, double deviation) =>
        mean + deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
