using System.Net;
using System.Text;
using FluxBatch.Emulator.Options;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Emulator.Tests;

/// <summary>Finished tasks are forgotten <see cref="EmulatorOptions.TaskRetention"/> after they finish, as the real API forgets results.</summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(200)]
    [InlineData(404)]
    public async Task A_finished_task_is_forgotten_after_the_retention_and_then_answers_exactly_like_an_unknown_id(int notFoundStatus)
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            TaskRetention = Retention,
            TaskNotFoundStatusCode = notFoundStatus,
            // Long enough that the URL itself is still valid when its task is forgotten.
            SampleUrlLifetime = TimeSpan.FromHours(1),
        });
        var submitted = await harness.SubmitOkAsync(Harness.Body());
        var id = submitted.GetProperty("id").GetString()!;
        var pollingUrl = submitted.GetProperty("polling_url").GetString()!;
        var unknownUrl = pollingUrl.Replace(id, "00000000-0000-0000-0000-000000000000", StringComparison.Ordinal);
        var sample = (await harness.PollAsync(pollingUrl)).GetProperty("result").GetProperty("sample").GetString()!;

        time.Advance(Retention - TimeSpan.FromTicks(1));
        var lastMoment = await harness.PollAsync(pollingUrl);
        time.Advance(TimeSpan.FromTicks(1));
        var (forgottenStatus, forgottenBody) = await AnswerAsync(harness, pollingUrl);
        var (unknownStatus, unknownBody) = await AnswerAsync(harness, unknownUrl);
        using var download = await harness.Http.GetAsync(sample);

        Assert.Equal("Ready", lastMoment.GetProperty("status").GetString());
        Assert.Equal(notFoundStatus, forgottenStatus);
        Assert.Equal(unknownStatus, forgottenStatus);
        Assert.Equal(unknownBody.Replace("00000000-0000-0000-0000-000000000000", id, StringComparison.Ordinal), forgottenBody);
        Assert.Contains("\"status\":\"Task not found\"", forgottenBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Contains("<Code>BlobNotFound</Code>", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(harness.Emulator.FindTask(id));
        Assert.Empty(harness.Emulator.Tasks);
    }

    [Fact]
    public async Task Retention_counts_from_completion_so_an_unfinished_task_is_never_forgotten()
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            TaskRetention = TimeSpan.FromMinutes(1),
            Latency = LatencySpec.Fixed(TimeSpan.FromMinutes(5)),
        });
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        time.Advance(TimeSpan.FromMinutes(4)); // created long before the retention, but unfinished
        var generating = await harness.PollAsync(pollingUrl);
        time.Advance(TimeSpan.FromSeconds(119)); // finished 59 s ago
        var ready = await harness.PollAsync(pollingUrl);
        time.Advance(TimeSpan.FromSeconds(1)); // finished 1 min ago
        var forgotten = await harness.PollAsync(pollingUrl);

        Assert.Equal("Generating", generating.GetProperty("status").GetString());
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.Equal("Task not found", forgotten.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Forgetting_frees_the_tasks_but_keeps_the_submission_counters()
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions { TimeProvider = time, TaskRetention = Retention });
        for (var i = 0; i < 50; i++)
        {
            await harness.SubmitOkAsync(Harness.Body(seed: i));
        }
        var heldBefore = harness.Stats.TasksHeld;

        time.Advance(Retention);
        // The next submit sweeps every task forgotten by now; a resubmit of a body already paid for still counts as
        // its second submission.
        await harness.SubmitOkAsync(Harness.Body(seed: 0));

        Assert.Equal(50, heldBefore);
        Assert.Equal(1, harness.Stats.TasksHeld);
        Assert.Single(harness.Emulator.Tasks);
        Assert.Equal(51, harness.Stats.Submissions);
        var hash = RequestHash.Compute("flux-2-flex", Encoding.UTF8.GetBytes(Harness.Body(seed: 0)));
        Assert.Equal(2, harness.Stats.SubmissionsFor(hash));
        Assert.Equal(new[] { hash }, harness.Stats.DuplicateRequestHashes);
        Assert.Equal(50, harness.Stats.SubmissionsPerRequestHash.Count);
    }

    [Fact]
    public async Task A_retention_past_the_end_of_the_calendar_keeps_tasks_for_good()
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions { TimeProvider = time, TaskRetention = TimeSpan.MaxValue });
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body(seed: 1))).GetProperty("polling_url").GetString()!;

        time.Advance(TimeSpan.FromDays(3650));
        await harness.SubmitOkAsync(Harness.Body(seed: 2));

        Assert.Equal("Ready", (await harness.PollAsync(pollingUrl)).GetProperty("status").GetString());
        Assert.Equal(2, harness.Stats.TasksHeld);
    }

    private static async Task<(int Status, string Body)> AnswerAsync(Harness harness, string url)
    {
        using var response = await harness.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
