using System.Net;
using FluxBatch.Emulator.Options;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Emulator.Tests;

public sealed class ConcurrencyLimitTests
{
    [Fact]
    public async Task The_25th_active_task_of_a_key_is_refused_with_429_until_one_finishes()
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            Latency = LatencySpec.Fixed(TimeSpan.FromMinutes(1)),
        });
        for (var i = 0; i < EmulatorOptions.ApiActiveTaskLimit; i++)
        {
            await harness.SubmitOkAsync(Harness.Body(seed: i));
        }

        using var refused = await harness.SubmitAsync(Harness.Body(seed: 100));
        using var otherAccount = await harness.SubmitAsync(Harness.Body(seed: 101), key: "other-account-key-0123456789");
        var activeAtLimit = harness.Stats.ActiveTasks;
        time.Advance(TimeSpan.FromMinutes(1));
        using var afterwards = await harness.SubmitAsync(Harness.Body(seed: 100));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", Harness.RetryAfter(refused));
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
        Assert.Equal(25, activeAtLimit);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(26, harness.Stats.Submissions);
        Assert.Equal(26 * 5m, harness.Stats.CreditsCharged);
    }
}
