using FluxBatch.Execution;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class ConcurrencyLimiterTests
{
    [Fact]
    public async Task Grants_up_to_the_limit_then_queues_in_order()
    {
        var limiter = new ConcurrencyLimiter(2);
        await limiter.AcquireAsync(default);
        await limiter.AcquireAsync(default);
        var third = limiter.AcquireAsync(default);
        var fourth = limiter.AcquireAsync(default);
        Assert.False(third.IsCompleted);

        limiter.Release();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(fourth.IsCompleted);
        Assert.Equal(2, limiter.InFlight);
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
        await limiter.AcquireAsync(default);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(cancel.Token);
        var next = limiter.AcquireAsync(default);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        limiter.Release();
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, limiter.InFlight);
    }
}
