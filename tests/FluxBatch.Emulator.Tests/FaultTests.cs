using System.Net;
using FluxBatch.Emulator.Options;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Emulator.Tests;

public sealed class FaultTests
{
    private static EmulatorOptions Always(FaultKind kind) => new() { Faults = FaultRates.None.With(kind, 1.0) };

    [Theory]
    [InlineData(FaultKind.SubmitRateLimited, 429, "1")]
    [InlineData(FaultKind.SubmitRateLimitedWithoutRetryAfter, 429, null)]
    [InlineData(FaultKind.Submit500, 500, null)]
    [InlineData(FaultKind.Submit502, 502, null)]
    [InlineData(FaultKind.Submit503, 503, null)]
    public async Task Submit_fault_answers_its_status_and_creates_nothing(FaultKind kind, int status, string? retryAfter)
    {
        await using var harness = await Harness.StartAsync(Always(kind));

        using var response = await harness.SubmitAsync(Harness.Body());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(retryAfter, Harness.RetryAfter(response));
        Assert.Equal(0, harness.Stats.Submissions);
        Assert.Equal(0m, harness.Stats.CreditsCharged);
        Assert.Equal(1, harness.Stats.FaultsInjected(kind));
    }

    [Fact]
    public async Task Dropped_submit_before_creation_fails_the_request_and_creates_nothing()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.SubmitDropBeforeCreate));

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.SubmitAsync(Harness.Body()));

        Assert.Equal(0, harness.Stats.Submissions);
    }

    [Fact]
    public async Task Dropped_submit_after_creation_leaves_a_charged_task_the_client_never_saw()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.SubmitDropAfterCreate));

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.SubmitAsync(Harness.Body()));

        Assert.Equal(1, harness.Stats.Submissions);
        Assert.Equal(5m, harness.Stats.CreditsCharged);
        Assert.Single(harness.Emulator.Tasks);
    }

    [Fact]
    public async Task Server_error_after_creation_leaves_a_charged_task()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.Submit500AfterCreate));

        using var response = await harness.SubmitAsync(Harness.Body());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, harness.Stats.Submissions);
        Assert.Equal(5m, harness.Stats.CreditsCharged);
    }

    [Theory]
    [InlineData(FaultKind.Poll500, 500)]
    [InlineData(FaultKind.Poll502, 502)]
    [InlineData(FaultKind.Poll503, 503)]
    public async Task Poll_fault_answers_its_status(FaultKind kind, int status)
    {
        await using var harness = await Harness.StartAsync(Always(kind));
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        using var response = await harness.GetAsync(pollingUrl);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Dropped_poll_fails_the_request()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.PollDrop));
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.GetAsync(pollingUrl));
    }

    [Theory]
    [InlineData(FaultKind.Download500, 500)]
    [InlineData(FaultKind.Download502, 502)]
    [InlineData(FaultKind.Download503, 503)]
    public async Task Download_fault_answers_its_status(FaultKind kind, int status)
    {
        await using var harness = await Harness.StartAsync(Always(kind));
        var sample = await harness.SampleUrlAsync(Harness.Body());

        using var response = await harness.Http.GetAsync(sample);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(0, harness.Stats.Downloads);
    }

    [Fact]
    public async Task Dropped_download_fails_the_request()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.DownloadDrop));
        var sample = await harness.SampleUrlAsync(Harness.Body());

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Http.GetAsync(sample));
    }

    [Fact]
    public async Task Slow_body_trickles_the_same_bytes_chunk_by_chunk()
    {
        var time = new FakeTimeProvider();
        await using var plain = await Harness.StartAsync();
        await using var harness = await Harness.StartAsync(Always(FaultKind.DownloadSlowBody) with
        {
            TimeProvider = time,
            SlowBodyChunkBytes = 100,
            SlowBodyChunkDelay = TimeSpan.FromSeconds(1),
        });
        var expected = await plain.ImageAsync(Harness.Body());
        var sample = await harness.SampleUrlAsync(Harness.Body());

        using var response = await harness.Http.GetAsync(sample, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new List<byte>();
        var advances = 0;
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = stream.ReadAsync(buffer).AsTask();
            // The server waits on the fake clock between chunks: move it on until the next chunk arrives.
            while (!read.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                advances++;
                await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System));
            }
            var count = await read;
            if (count == 0)
            {
                break;
            }
            received.AddRange(buffer[..count]);
        }

        Assert.Equal(expected, received.ToArray());
        Assert.True(expected.Length > 300, "the image must span several chunks for this test to mean anything");
        // Each pause ends only when the fake clock moves, and each move can end one pause at most: a body that was
        // not trickled would have needed (almost) none.
        var pauses = ((expected.Length + 99) / 100) - 1;
        Assert.True(advances >= pauses, $"the body arrived after {advances} clock moves, fewer than its {pauses} pauses");
    }

    [Theory]
    [InlineData(FaultKind.TaskError, "Error", true)]
    [InlineData(FaultKind.TaskFailed, "Failed", true)]
    [InlineData(FaultKind.TaskRequestModerated, "Request Moderated", false)]
    [InlineData(FaultKind.TaskContentModerated, "Content Moderated", false)]
    public async Task Task_fault_ends_in_its_status_with_details_and_charges_only_unmoderated(FaultKind kind, string status, bool charged)
    {
        await using var harness = await Harness.StartAsync(Always(kind));
        var submitted = await harness.SubmitOkAsync(Harness.Body());

        var polled = await harness.PollAsync(submitted.GetProperty("polling_url").GetString()!);

        Assert.Equal(status, polled.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, polled.GetProperty("details").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, polled.GetProperty("result").ValueKind);
        Assert.Equal(charged ? 5m : 0m, harness.Stats.CreditsCharged);
        // The submit reports the price either way; the refund of moderated tasks is the client's to account.
        Assert.Equal(5m, submitted.GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task Lost_task_answers_task_not_found()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.TaskNotFound));
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        var polled = await harness.PollAsync(pollingUrl);

        Assert.Equal("Task not found", polled.GetProperty("status").GetString());
        Assert.Equal(1, harness.Stats.Submissions);
    }

    [Fact]
    public async Task Expired_url_fault_issues_a_dead_url_first_then_a_valid_one()
    {
        await using var harness = await Harness.StartAsync(Always(FaultKind.TaskExpiredSampleUrl));
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        var first = (await harness.PollAsync(pollingUrl)).GetProperty("result").GetProperty("sample").GetString()!;
        using var refused = await harness.Http.GetAsync(first);
        var second = (await harness.PollAsync(pollingUrl)).GetProperty("result").GetProperty("sample").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal((64, 64), ImageProbe.PngSize(await harness.DownloadAsync(second)));
    }

    [Fact]
    public async Task Prompt_triggers_force_task_outcomes_without_any_rate()
    {
        await using var harness = await Harness.StartAsync();

        var error = await harness.SubmitOkAsync(Harness.Body(prompt: "a fox [[task.error]]"));
        var moderated = await harness.SubmitOkAsync(Harness.Body(prompt: "a fox [[moderate]]"));

        Assert.Equal("Error", (await harness.PollAsync(error.GetProperty("polling_url").GetString()!)).GetProperty("status").GetString());
        Assert.Equal("Request Moderated", (await harness.PollAsync(moderated.GetProperty("polling_url").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Endpoint_triggers_strike_the_first_attempt_only()
    {
        await using var harness = await Harness.StartAsync();
        var body = Harness.Body(prompt: "a fox [[submit.429]] [[poll.503]]");

        using var first = await harness.SubmitAsync(body);
        var second = await harness.SubmitOkAsync(body);
        var pollingUrl = second.GetProperty("polling_url").GetString()!;
        using var firstPoll = await harness.GetAsync(pollingUrl);
        var secondPoll = await harness.PollAsync(pollingUrl);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, firstPoll.StatusCode);
        Assert.Equal("Ready", secondPoll.GetProperty("status").GetString());
        Assert.Equal(1, harness.Stats.Submissions);
        Assert.Equal(2, harness.Stats.SubmitAttempts);
    }

    [Fact]
    public async Task Rates_are_reproducible_for_a_seed_and_differ_across_seeds()
    {
        var rates = FaultRates.Parse(["task.error=0.5"]);

        async Task<string> OutcomesAsync(int seed)
        {
            await using var harness = await Harness.StartAsync(new EmulatorOptions { Faults = rates, Seed = seed });
            var statuses = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var url = (await harness.SubmitOkAsync(Harness.Body(seed: i))).GetProperty("polling_url").GetString()!;
                statuses.Add((await harness.PollAsync(url)).GetProperty("status").GetString()!);
            }
            return string.Join(",", statuses);
        }

        var first = await OutcomesAsync(seed: 1);
        var again = await OutcomesAsync(seed: 1);
        var other = await OutcomesAsync(seed: 2);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var errors = first.Split(',').Count(s => s == "Error");
        Assert.InRange(errors, 10, 30);
    }

    [Fact]
    public void Rates_of_one_stage_may_not_sum_over_one()
    {
        var options = new EmulatorOptions { Faults = FaultRates.Parse(["poll.500=0.6", "poll.drop=0.5", "submit.500=0.9"]) };

        var problem = Assert.Single(options.Validate());

        Assert.Contains("stage poll", problem, StringComparison.Ordinal);
    }
}
