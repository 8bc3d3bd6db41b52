using FluxBatch.Execution;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class PollPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Waits_one_interval_before_anything_is_known() =>
        Assert.Equal(Interval, new PollPacer(Interval).FirstDelay());

    [Fact]
    public void Tasks_ready_on_the_first_poll_make_it_probe_earlier_instead_of_feeding_on_its_own_wait()
    {
        var pacer = new PollPacer(Interval);
        pacer.Observe(TimeSpan.FromSeconds(1), polls: 3); // measured: about 1 s
        for (var i = 0; i < 10; i++)
            pacer.Observe(pacer.FirstDelay(), polls: 1); // always ready at once: the real time is shorter
        Assert.True(pacer.FirstDelay() < TimeSpan.FromMilliseconds(5), pacer.FirstDelay().ToString());
    }

    [Fact]
    public void Settles_just_before_a_steady_generation_time()
    {
        var pacer = new PollPacer(TimeSpan.FromMilliseconds(10));
        for (var i = 0; i < 50; i++)
        {
            var wait = pacer.FirstDelay();
            // A 200 ms task: ready on the first poll if the wait covered it, else on the next poll after 200 ms.
            if (wait >= TimeSpan.FromMilliseconds(200))
                pacer.Observe(wait, 1);
            else
                pacer.Observe(TimeSpan.FromMilliseconds(200 + 5), 2);
        }
        Assert.InRange(pacer.FirstDelay().TotalMilliseconds, 150, 200);
    }
}
