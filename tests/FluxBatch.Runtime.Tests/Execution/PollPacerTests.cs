using FluxBatch.Execution;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>
/// The pacer against simulated runs: <c>inFlight</c> slots run tasks back to back; each task takes its plan when it
/// is submitted and reports when a poll finds it Ready, so verdicts arrive one generation late, as in a real run.
/// </summary>
public sealed class PollPacerTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Waits_one_interval_before_anything_is_known() =>
        Assert.Equal(TimeSpan.FromMilliseconds(500), new PollPacer(TimeSpan.FromMilliseconds(500)).Plan().First);

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
        Assert.Equal(TimeSpan.FromMilliseconds(214), plan.Next(3, TimeSpan.FromMilliseconds(204), Fast));

        var aimed = plan with { First = TimeSpan.FromMilliseconds(200), Probe = false };
        Assert.Equal(TimeSpan.FromMilliseconds(203.5), aimed.Next(1, TimeSpan.FromMilliseconds(201), Fast));
        Assert.Equal(TimeSpan.FromMilliseconds(214), aimed.Next(2, TimeSpan.FromMilliseconds(204), Fast));
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
