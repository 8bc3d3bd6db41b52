using FluxBatch.Api;
using FluxBatch.Runtime.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Runtime.Tests.Api;

/// <summary>
/// How long the client waits when a server sends <c>Retry-After</c>: exactly what the server said (capped), not the
/// jittered backoff. Waits are read off a fake clock, never measured on the wall clock.
/// </summary>
public sealed class RetryAfterDelayTests
{
    private static readonly HttpRetryOptions Defaults = new();
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(1, 0.999)]
    [InlineData(3, 0.5)]
    [InlineData(6, 0.25)]
    [InlineData(40, 0.999)]
    public void Retry_after_replaces_the_jittered_backoff_whatever_the_retry_number_and_the_draw(int retry, double unitRandom)
    {
        var serverSays = TimeSpan.FromSeconds(3);

        Assert.Equal(serverSays, Backoff.Delay(retry, serverSays, Defaults, unitRandom));
        Assert.NotEqual(serverSays, Backoff.Delay(retry, null, Defaults, unitRandom));
    }

    [Fact]
    public void A_zero_retry_after_means_at_once_not_the_backoff() =>
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(5, TimeSpan.Zero, Defaults, 0.9));

    [Fact]
    public void Retry_after_is_kept_to_the_tick_and_capped_at_the_configured_max_delay()
    {
        var options = new HttpRetryOptions { MaxDelay = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromMilliseconds(9_999), Backoff.Delay(1, TimeSpan.FromMilliseconds(9_999), options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Delay(1, TimeSpan.FromSeconds(10), options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Delay(1, TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1), options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Delay(1, TimeSpan.MaxValue, options, 0.5));
    }

    [Fact]
    public async Task A_poll_answered_503_or_429_waits_exactly_the_retry_after_given_in_seconds_or_as_a_date()
    {
        var time = new RecordingTimeProvider(Start);
        await using var server = await ScriptedServer.StartAsync((c, n) => n switch
        {
            1 => Answer(c, 503, retryAfter: "3"),
            // An HTTP-date: 2 s after what the clock reads when this answer arrives (3 s after the start).
            2 => Answer(c, 429, retryAfter: (Start + TimeSpan.FromSeconds(5)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            _ => Answer(c, 200, body: """{"id":"t","status":"Ready","result":{"sample":"http://x/s"}}"""),
        });
        // A fixed draw: the jittered backoff would be 0.25 s, then 0.5 s.
        using var provider = new FluxProvider(new BflDialect(server.BaseUrl), ApiKey.Generate(), Defaults, time, unitRandom: () => 0.5);

        var poll = provider.PollAsync(new SubmittedTask("t", new Uri(server.BaseUrl, "v1/get_result?id=t"), null), default);
        var first = await time.NextWaitAsync(Defaults.RequestTimeout);
        var requestsDuringFirst = server.Requests.Count;
        time.Advance(first);
        var second = await time.NextWaitAsync(Defaults.RequestTimeout);
        var requestsDuringSecond = server.Requests.Count;
        time.Advance(second);
        var result = await poll.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(3), first);
        Assert.Equal(1, requestsDuringFirst);
        Assert.Equal(TimeSpan.FromSeconds(2), second);
        Assert.Equal(2, requestsDuringSecond);
        Assert.Equal("Ready", result.Status);
        Assert.Equal(3, server.Requests.Count);
    }

    private static Task Answer(HttpContext context, int status, string? retryAfter = null, string body = "{}")
    {
        if (retryAfter is not null)
            context.Response.Headers.RetryAfter = retryAfter;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }
}
