using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using FluxBatch.Emulator.Options;
using Microsoft.Extensions.Time.Testing;

namespace FluxBatch.Emulator.Tests;

/// <summary>
/// CometAPI's dialect beside BFL's: <c>/flux/v1/{model}</c>, <c>/flux/v1/get_result?id=</c>, <c>Authorization</c> with
/// or without <c>Bearer</c>, its error shape, no <c>cost</c>, and its own active-task limit.
/// </summary>
public sealed class CometDialectTests
{
    private const string CometKey = "sk-comet0123456789abcdef";

    /// <summary>
    /// CometAPI's API reference (apidoc.cometapi.com/api/image/flux/flux-generate-image), its curl example exactly as
    /// published, only the host changed: <c>--request POST --url https://api.cometapi.com/flux/v1/{model}</c> with
    /// <c>Authorization: Bearer &lt;token&gt;</c>, <c>Content-Type: application/json</c> and the body
    /// <c>{ "prompt": "Hello" }</c> (newlines included). Its documented answer is <c>{"id","polling_url"}</c>.
    /// The product page's own examples (flux-api.md: "send the bare key") differ only in the header, the second case.
    /// Run with the real curl, so nothing of our client stands between the page and the emulator.
    /// </summary>
    [Theory]
    [InlineData("Authorization: Bearer " + CometKey)]
    [InlineData("Authorization: " + CometKey)]
    public async Task The_published_curl_request_submits_and_its_get_result_curl_polls(string authorization)
    {
        await using var harness = await Harness.StartAsync();
        var url = new Uri(harness.Emulator.BaseUrl, "/flux/v1/flux-2-flex").ToString();

        var submitted = JsonDocument.Parse(await CurlAsync(
            "--request", "POST", "--url", url,
            "--header", authorization,
            "--header", "Content-Type: application/json",
            "--data", "\n{\n\"prompt\": \"Hello\"\n}\n")).RootElement;

        Assert.Equal(["id", "polling_url"], submitted.EnumerateObject().Select(p => p.Name).ToArray()); // no cost
        var id = submitted.GetProperty("id").GetString()!;
        var polled = JsonDocument.Parse(await CurlAsync(
            new Uri(harness.Emulator.BaseUrl, "/flux/v1/get_result?id=" + id).ToString(), "-H", authorization)).RootElement;
        Assert.Equal("Ready", polled.GetProperty("status").GetString());
        var result = polled.GetProperty("result");
        foreach (var field in new[] { "seed", "prompt", "sample", "duration", "start_time", "end_time" })
        {
            Assert.True(result.TryGetProperty(field, out _), $"result.{field} missing: {result}");
        }
        Assert.Equal("Hello", result.GetProperty("prompt").GetString());
        Assert.Equal(0.8m, harness.Stats.CreditsCharged); // $0.008 per request, in credits
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-key")]
    public async Task A_missing_or_bad_key_is_401_in_CometAPIs_error_shape(string? authorization)
    {
        await using var harness = await Harness.StartAsync(new EmulatorOptions { AcceptedKeys = [CometKey] });

        using var response = await SubmitAsync(harness, Harness.Body(), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertCometError(await Harness.ReadJsonAsync(response));
        Assert.Equal(0, harness.Stats.SubmitAttempts);
    }

    [Fact]
    public async Task Unknown_models_and_bad_bodies_answer_in_CometAPIs_error_shape()
    {
        await using var harness = await Harness.StartAsync();

        using var unknown = await SubmitAsync(harness, Harness.Body(), "Bearer " + CometKey, model: "flux-9");
        using var invalid = await SubmitAsync(harness, Harness.Body(extra: "\"steps\":99"), "Bearer " + CometKey);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertCometError(await Harness.ReadJsonAsync(unknown));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var error = AssertCometError(await Harness.ReadJsonAsync(invalid));
        Assert.Contains("body.steps: Input should be less than or equal to 50", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CometAPIs_active_task_limit_is_its_own()
    {
        var time = new FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            Latency = LatencySpec.Fixed(TimeSpan.FromMinutes(1)),
            CometMaxActiveTasksPerKey = 1,
            MaxActiveTasksPerKey = 2,
        });

        using var first = await SubmitAsync(harness, Harness.Body(seed: 1), "Bearer " + CometKey);
        using var second = await SubmitAsync(harness, Harness.Body(seed: 2), "Bearer " + CometKey);
        using var bfl = await harness.SubmitAsync(Harness.Body(seed: 3), key: CometKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("limit of 1 active tasks", AssertCometError(await Harness.ReadJsonAsync(second)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bfl.StatusCode); // BFL's limit (2) counts apart
        Assert.Equal(1, harness.Stats.ActiveCometTasks);
    }

    [Fact]
    public async Task The_polling_url_CometAPI_hands_on_is_BFLs_and_is_no_use_with_CometAPIs_header()
    {
        await using var harness = await Harness.StartAsync();
        using var submitted = await SubmitAsync(harness, Harness.Body(), "Bearer " + CometKey);
        var pollingUrl = (await Harness.ReadJsonAsync(submitted)).GetProperty("polling_url").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Get, pollingUrl);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + CometKey);
        using var poll = await harness.Http.SendAsync(request);

        Assert.Contains("/v1/get_result", pollingUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("/flux/", pollingUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode); // no x-key: a client must poll /flux/v1/get_result
    }

    [Fact]
    public async Task A_CometAPI_task_is_not_visible_to_BFLs_get_result_with_the_same_key_text()
    {
        await using var harness = await Harness.StartAsync();
        using var submitted = await SubmitAsync(harness, Harness.Body(), "Bearer " + CometKey);
        var id = (await Harness.ReadJsonAsync(submitted)).GetProperty("id").GetString()!;

        using var poll = await harness.GetAsync(new Uri(harness.Emulator.BaseUrl, "/v1/get_result?id=" + id).ToString(), key: CometKey);

        Assert.Equal("Task not found", (await Harness.ReadJsonAsync(poll)).GetProperty("status").GetString());
    }

    private static JsonElement AssertCometError(JsonElement body)
    {
        var error = body.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("comet_api_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }

    private static Task<HttpResponseMessage> SubmitAsync(Harness harness, string body, string? authorization, string model = "flux-2-flex")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.BaseUrl, "/flux/v1/" + model))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return harness.Http.SendAsync(request);
    }

    /// <summary>Runs curl (silent, failing on no HTTP error so bodies of 4xx are returned too) and returns stdout.</summary>
    private static async Task<string> CurlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--silent");
        start.ArgumentList.Add("--show-error");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "curl failed: " + await stderr);
        return await stdout;
    }
}
