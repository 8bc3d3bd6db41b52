using FluxBatch.Execution;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class PollPacerTests
{
    [Fact]
    public void Waits_one_interval_before_anything_is_known() =>
        Assert.Equal(TimeSpan.FromMilliseconds(500), new PollPacer(TimeSpan.FromMilliseconds(500)).Plan().Delay);

    [Fact]
    public void A_steady_generation_time_is_found_ready_on_the_first_poll_moments_after_it_finished()
    {
        var run = Simulate(TimeSpan.FromMilliseconds(10), tasks: 2_000, _ => 0.200);

        Assert.True(run.MeanDelay < 0.003, $"found Ready {run.MeanDelay * 1000:0.00} ms after it was, on average");
        Assert.True(run.MeanPolls < 1.6, $"{run.MeanPolls:0.00} polls per task");
    }

    [Fact]
    public void Widely_varying_times_are_caught_by_the_regular_polls_instead_of_waiting_for_the_slow_ones()
    {
        // flex-like: 10 s ± 2 s, polled every 0.5 s. Aiming the first poll at the 90th percentile would make the
        // average task wait about 3 s; polling from early on catches it within one interval.
        var random = new Random(7);
        var run = Simulate(TimeSpan.FromMilliseconds(500), tasks: 2_000, _ => Math.Max(0.5, Normal(random, 10, 2)));

        Assert.True(run.MeanDelay < 0.6, $"found Ready {run.MeanDelay:0.00} s after it was, on average");
        Assert.True(run.MeanPolls < 8, $"{run.MeanPolls:0.00} polls per task");
    }

    [Fact]
    public void Follows_generation_times_that_drop_or_rise()
    {
        var interval = TimeSpan.FromMilliseconds(10);
        var pacer = new PollPacer(interval);
        Simulate(pacer, interval, tasks: 500, _ => 0.400);
        var faster = Simulate(pacer, interval, tasks: 500, _ => 0.100);
        Assert.InRange(pacer.Plan().Delay.TotalMilliseconds, 90, 115);
        Assert.True(faster.MeanDelay < 0.02, $"{faster.MeanDelay * 1000:0.0} ms late after the drop");

        var slower = Simulate(pacer, interval, tasks: 500, _ => 0.300);
        Assert.InRange(pacer.Plan().Delay.TotalMilliseconds, 285, 315);
        Assert.True(slower.MeanPolls < 2.5, $"{slower.MeanPolls:0.00} polls per task after the rise");
    }

    [Fact]
    public void Zero_generation_time_brings_the_first_poll_down_to_almost_nothing()
    {
        var pacer = new PollPacer(TimeSpan.FromMilliseconds(10));
        Simulate(pacer, TimeSpan.FromMilliseconds(10), tasks: 300, _ => 0);
        Assert.True(pacer.Plan().Delay < TimeSpan.FromMilliseconds(0.5), pacer.Plan().Delay.ToString());
    }

    private sealed record Outcome(double MeanDelay, double MeanPolls);

    private static Outcome Simulate(TimeSpan interval, int tasks, Func<int, double> generationSeconds) =>
        Simulate(new PollPacer(interval), interval, tasks, generationSeconds);

    /// <summary>
    /// Tasks one after another: each polled at the pacer's first delay, then every interval, until the poll time
    /// reaches its generation time. Returns how late Ready was seen and how many polls it took, on average over the
    /// second half (after the pacer has learned).
    /// </summary>
    private static Outcome Simulate(PollPacer pacer, TimeSpan interval, int tasks, Func<int, double> generationSeconds)
    {
        double delaySum = 0, pollSum = 0;
        var counted = 0;
        for (var i = 0; i < tasks; i++)
        {
            var ready = generationSeconds(i);
            var plan = pacer.Plan();
            var at = plan.Delay.TotalSeconds;
            TimeSpan? lastPending = null;
            var polls = 1;
            while (at < ready)
            {
                lastPending = TimeSpan.FromSeconds(at);
                at += interval.TotalSeconds;
                polls++;
            }
            pacer.Observe(plan, lastPending, TimeSpan.FromSeconds(at));
            if (i < tasks / 2)
                continue;
            delaySum += at - ready;
            pollSum += polls;
            counted++;
        }
        return new Outcome(delaySum / counted, pollSum / counted);
    }

    private static double Normal(Random random, double mean, double deviation) =>
        mean + deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
