using System.Net;
using System.Text.Json;
using FluxBatch.Emulator.Options;
using FluxBatch.Manifest.Model;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Emulator.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public async Task Submit_answers_id_cluster_polling_url_cost_and_megapixels()
    {
        await using var harness = await Harness.StartAsync();

        var submitted = await harness.SubmitOkAsync(Harness.Body(size: 64));

        var id = submitted.GetProperty("id").GetString()!;
        Assert.Equal(
            new[] { "id", "polling_url", "cost", "input_mp", "output_mp" },
            submitted.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal($"{harness.Emulator.BaseUrl.ToString().TrimEnd('/')}/eu2/v1/get_result?id={id}", submitted.GetProperty("polling_url").GetString());
        // flex: 5 cents for the first output megapixel; 64x64 = 0.004096 MP, to the nearest hundredth 0.00.
        Assert.Equal(5.00m, submitted.GetProperty("cost").GetDecimal());
        Assert.Equal(0.00m, submitted.GetProperty("output_mp").GetDecimal());
        Assert.Equal(0m, submitted.GetProperty("input_mp").GetDecimal());
    }

    [Fact]
    public async Task Cost_follows_the_model_price_and_extra_megapixels()
    {
        await using var harness = await Harness.StartAsync();

        // 1024x1536 = 1.5729 MP, reported as 1.57: pro is 3 cents + 1.5 cents x 0.57 extra MP = 3.855, 3.86 credits.
        var pro = await harness.SubmitOkAsync("""{"prompt":"x","width":1024,"height":1536}""", "flux-2-pro");
        Assert.Equal(1.57m, pro.GetProperty("output_mp").GetDecimal());
        Assert.Equal(3.86m, pro.GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task Charges_come_from_the_configured_price_table_and_unpriced_models_cost_nothing()
    {
        var prices = new PriceTable(new Dictionary<string, ModelPrice> { ["flux-2-max"] = new(0.10m, 0.02m, 0.01m) });
        await using var harness = await Harness.StartAsync(new EmulatorOptions { Prices = prices });

        var max = await harness.SubmitOkAsync("""{"prompt":"x","width":1024,"height":1024}""", "flux-2-max");
        var klein = await harness.SubmitOkAsync("""{"prompt":"x","width":1024,"height":1024}""", "flux-2-klein-4b");

        // 1024x1024 reports 1.05 MP: 10 cents + 2 cents x 0.05 = 10.1 credits.
        Assert.Equal(10.10m, max.GetProperty("cost").GetDecimal());
        Assert.Equal(0m, klein.GetProperty("cost").GetDecimal());
        Assert.Equal(10.10m, harness.Stats.CreditsCharged);
    }

    [Fact]
    public async Task Poll_then_download_without_key_gives_the_image()
    {
        await using var harness = await Harness.StartAsync();
        var submitted = await harness.SubmitOkAsync(Harness.Body(seed: 7));

        var polled = await harness.PollAsync(submitted.GetProperty("polling_url").GetString()!);

        Assert.Equal(
            new[] { "id", "status", "result", "progress", "details", "preview" },
            polled.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("Ready", polled.GetProperty("status").GetString());
        var result = polled.GetProperty("result");
        Assert.Equal(7, result.GetProperty("seed").GetInt64());
        Assert.Equal("a red fox", result.GetProperty("prompt").GetString());
        var sample = new Uri(result.GetProperty("sample").GetString()!);
        Assert.StartsWith("/delivery/", sample.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("sig=", sample.Query, StringComparison.Ordinal);

        var image = await harness.DownloadAsync(sample.ToString());
        Assert.Equal((64, 64), ImageProbe.PngSize(image));
        Assert.Equal(1, harness.Stats.Downloads);
    }

    [Fact]
    public async Task Statuses_go_pending_generating_ready_with_the_clock()
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions { TimeProvider = time, Latency = LatencySpec.Fixed(TimeSpan.FromSeconds(10)) });
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        var pending = await harness.PollAsync(pollingUrl);
        time.Advance(TimeSpan.FromSeconds(6));
        var generating = await harness.PollAsync(pollingUrl);
        time.Advance(TimeSpan.FromSeconds(4));
        var ready = await harness.PollAsync(pollingUrl);

        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("result").ValueKind);
        Assert.Equal("Generating", generating.GetProperty("status").GetString());
        Assert.Equal(0.6, generating.GetProperty("progress").GetDouble());
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Expired_sample_url_is_refused_and_a_new_poll_issues_a_fresh_one()
    {
        var time = new FakeTimeProvider();
        // The task must outlive its first URL (by default both last 10 minutes, and the task is then forgotten).
        await using var harness = await Harness.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            SampleUrlLifetime = TimeSpan.FromMinutes(10),
            TaskRetention = TimeSpan.FromHours(1),
        });
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;
        var first = (await harness.PollAsync(pollingUrl)).GetProperty("result").GetProperty("sample").GetString()!;

        time.Advance(TimeSpan.FromMinutes(10));
        using var refused = await harness.Http.GetAsync(first);
        var fresh = (await harness.PollAsync(pollingUrl)).GetProperty("result").GetProperty("sample").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("<Code>AuthenticationFailed</Code>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(first, fresh);
        Assert.Equal((64, 64), ImageProbe.PngSize(await harness.DownloadAsync(fresh)));
    }

    [Fact]
    public async Task Tampered_sample_url_is_refused()
    {
        await using var harness = await Harness.StartAsync();
        var sample = await harness.SampleUrlAsync(Harness.Body());

        using var response = await harness.Http.GetAsync(sample.Replace("se=", "se=9", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Download_carrying_the_key_is_refused_as_a_leak()
    {
        await using var harness = await Harness.StartAsync();
        var sample = await harness.SampleUrlAsync(Harness.Body());

        using var response = await harness.GetAsync(sample, Harness.Key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("KeyLeaked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Stats.DownloadsWithKey);
        Assert.Equal(0, harness.Stats.Downloads);
    }

    [Fact]
    public async Task Global_get_result_path_also_works_unless_the_cluster_is_strict()
    {
        await using var lenient = await Harness.StartAsync();
        await using var strict = await Harness.StartAsync(new EmulatorOptions { StrictCluster = true });

        foreach (var (harness, expected) in new[] { (lenient, "Ready"), (strict, "Task not found") })
        {
            var id = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("id").GetString()!;
            var polled = await harness.PollAsync(new Uri(harness.Emulator.BaseUrl, "/v1/get_result?id=" + id).ToString());
            Assert.Equal(expected, polled.GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData(200)]
    [InlineData(404)]
    public async Task Unknown_id_answers_task_not_found_with_the_configured_status(int statusCode)
    {
        await using var harness = await Harness.StartAsync(new EmulatorOptions { TaskNotFoundStatusCode = statusCode });

        using var response = await harness.GetAsync(new Uri(harness.Emulator.BaseUrl, "/eu2/v1/get_result?id=nope").ToString());
        var body = await Harness.ReadJsonAsync(response);

        Assert.Equal(statusCode, (int)response.StatusCode);
        Assert.Equal("Task not found", body.GetProperty("status").GetString());
        Assert.Equal("nope", body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Tasks_are_visible_only_to_the_key_that_made_them()
    {
        await using var harness = await Harness.StartAsync();
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        using var response = await harness.GetAsync(pollingUrl, "another-key-0123456789");

        Assert.Equal("Task not found", (await Harness.ReadJsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Credits_fall_by_what_was_charged_and_an_empty_account_answers_402()
    {
        await using var harness = await Harness.StartAsync(new EmulatorOptions { InitialCredits = 12m });
        await harness.SubmitOkAsync(Harness.Body(seed: 1));
        await harness.SubmitOkAsync(Harness.Body(seed: 2));

        using var credits = await harness.GetAsync(new Uri(harness.Emulator.BaseUrl, "/v1/credits").ToString());
        using var third = await harness.SubmitAsync(Harness.Body(seed: 3));

        Assert.Equal(2m, (await Harness.ReadJsonAsync(credits)).GetProperty("credits").GetDecimal());
        Assert.Equal(HttpStatusCode.PaymentRequired, third.StatusCode);
        Assert.Equal(10m, harness.Stats.CreditsCharged);
        Assert.Equal(2, harness.Stats.Submissions);
    }

    [Fact]
    public async Task Unknown_model_answers_404()
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync(Harness.Body(), "flux-2-dev");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found", (await Harness.ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Emulator_listens_on_loopback_only()
    {
        await using var harness = await Harness.StartAsync();

        Assert.Equal("127.0.0.1", harness.Emulator.BaseUrl.Host);
        Assert.NotEqual(0, harness.Emulator.Port);
    }
}
