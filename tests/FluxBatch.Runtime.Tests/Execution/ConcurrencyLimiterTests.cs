using FluxBatch.Execution;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class ConcurrencyLimiterTests
{
    [Fact]
    public async Task Grants_up_to_the_limit_then_queues_in_order()
    {
        var limiter = new ConcurrencyLimiter(2);
        await StartAndAcquireAsync(limiter);
        await StartAndAcquireAsync(limiter);
        var third = limiter.StartAsync(default);
        var fourth = limiter.StartAsync(default);
        Assert.False(third.IsCompleted);

        limiter.Release();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(fourth.IsCompleted);
        await limiter.AcquireAsync(default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, limiter.InFlight);
    }

    [Fact]
    public async Task A_forecast_finish_lets_one_job_start_early_but_its_slot_waits_for_the_release()
    {
        var limiter = new ConcurrencyLimiter(8); // one early start allowed
        for (var i = 0; i < 8; i++)
            await StartAndAcquireAsync(limiter);
        var early = limiter.StartAsync(default);
        var another = limiter.StartAsync(default);
        Assert.False(early.IsCompleted);

        limiter.Forecast();
        limiter.Forecast(); // a second forecast: still only EarlyStarts jobs may start ahead
        await early.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(another.IsCompleted);
        var slot = limiter.AcquireAsync(default);
        Assert.False(slot.IsCompleted); // every slot is still held: the early job waits to submit
        Assert.Equal(8, limiter.InFlight);

        limiter.Release(forecast: true);
        await slot.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(8, limiter.InFlight);
        // The early job took the freed slot; the second forecast still stands, so the next job starts early now.
        await another.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, limiter.Starting);
        Assert.False(limiter.StartAsync(default).IsCompleted);
    }

    [Fact]
    public async Task An_abandoned_start_and_a_slot_given_back_for_a_429_are_counted_again()
    {
        var limiter = new ConcurrencyLimiter(1);
        await limiter.StartAsync(default);
        var next = limiter.StartAsync(default);
        limiter.Abandon();
        await next.WaitAsync(TimeSpan.FromSeconds(5));

        await limiter.AcquireAsync(default);
        limiter.Yield();
        Assert.Equal(0, limiter.InFlight);
        Assert.Equal(1, limiter.Starting);
        Assert.False(limiter.StartAsync(default).IsCompleted); // the yielding job keeps its place
        await limiter.AcquireAsync(default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public void A_429_halves_the_limit_once_per_cooldown_and_successes_climb_back()
    {
        var time = new FakeTimeProvider();
        var limiter = new ConcurrencyLimiter(16, time);

        limiter.OnRateLimited();
        limiter.OnRateLimited(); // same burst: ignored
        Assert.Equal(8, limiter.CurrentLimit);

        time.Advance(TimeSpan.FromSeconds(2));
        limiter.OnRateLimited();
        Assert.Equal(4, limiter.CurrentLimit);

        // +1/limit each: 4 → 4.25 → 4.49 → 4.71 → 4.92, then 5.12, about one step per round of successes.
        for (var i = 0; i < 4; i++)
            limiter.OnAccepted();
        Assert.Equal(4, limiter.CurrentLimit);
        limiter.OnAccepted();
        Assert.Equal(5, limiter.CurrentLimit);
        for (var i = 0; i < 200; i++)
            limiter.OnAccepted();
        Assert.Equal(16, limiter.CurrentLimit);
    }

    [Fact]
    public void Never_drops_below_one()
    {
        var time = new FakeTimeProvider();
        var limiter = new ConcurrencyLimiter(3, time);
        for (var i = 0; i < 10; i++)
        {
            limiter.OnRateLimited();
            time.Advance(TimeSpan.FromSeconds(5));
        }
        Assert.Equal(1, limiter.CurrentLimit);
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped()
    {
        var limiter = new ConcurrencyLimiter(1);
        await StartAndAcquireAsync(limiter);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.StartAsync(cancel.Token);
        var next = limiter.StartAsync(default);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        limiter.Release();
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, limiter.Starting);
    }

    private static async Task StartAndAcquireAsync(ConcurrencyLimiter limiter)
    {
        await limiter.StartAsync(default);
        await limiter.AcquireAsync(default);
    }
}
