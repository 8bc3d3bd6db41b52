using System.Net;
using System.Net.Sockets;
using FluxBatch.Api;
using FluxBatch.Runtime.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Runtime.Tests.Api;

/// <summary>The client's retry and error rules, over real HTTP against scripted answers.</summary>
public sealed class FluxProviderHttpTests
{
    private const string Secret = "sk-test-key-0123456789abcdefSECRET";
    private static readonly FluxRequest Request = new() { Prompt = "a red cube", Seed = 1, Width = 64, Height = 64 };
    private static readonly HttpRetryOptions Fast = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), RequestTimeout = TimeSpan.FromSeconds(1),
    };

    private static FluxProvider Bfl(Uri baseUrl) => new(new BflDialect(baseUrl), new ApiKey(Secret), Fast);

    private static Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    [Fact]
    public async Task Submit_sends_x_key_and_polls_the_returned_polling_url_as_is()
    {
        await using var server = await ScriptedServer.StartAsync((c, n) => c.Request.Method == "POST"
            ? Json(c, 200, $$"""{"id":"t1","polling_url":"http://{{c.Request.Host}}/eu2/v1/get_result?id=t1","cost":4.5}""")
            : Json(c, 200, """{"id":"t1","status":"Pending"}"""));
        using var provider = Bfl(server.BaseUrl);

        var task = await provider.SubmitAsync("flux-2-flex", Request, default);
        var poll = await provider.PollAsync(task, default);

        Assert.Equal(4.5m, task.CostCredits);
        Assert.Equal("Pending", poll.Status);
        var requests = server.Requests.ToArray();
        Assert.Equal("/v1/flux-2-flex", requests[0].PathAndQuery);
        Assert.Equal(Secret, requests[0].Headers["x-key"]);
        Assert.Contains("\"prompt\":\"a red cube\"", requests[0].Body);
        Assert.Equal("/eu2/v1/get_result?id=t1", requests[1].PathAndQuery);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_5xx_on_submit_is_in_doubt_and_never_resent(int status)
    {
        await using var server = await ScriptedServer.StartAsync((c, _) => Json(c, status, """{"detail":"upstream trouble"}"""));
        using var provider = Bfl(server.BaseUrl);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(FluxErrorKind.InDoubt, error.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_connection_dropped_after_the_submit_was_sent_is_in_doubt_and_never_resent()
    {
        await using var server = await ScriptedServer.StartAsync((c, _) =>
        {
            c.Abort();
            return Task.CompletedTask;
        });
        using var provider = Bfl(server.BaseUrl);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(FluxErrorKind.InDoubt, error.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_submit_that_times_out_is_in_doubt_and_never_resent()
    {
        await using var server = await ScriptedServer.StartAsync((c, _) => Task.Delay(TimeSpan.FromSeconds(3), c.RequestAborted));
        using var provider = Bfl(server.BaseUrl);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(FluxErrorKind.InDoubt, error.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_for_a_submit_then_reported_as_never_sent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connect is refused
        using var provider = Bfl(new Uri($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(FluxErrorKind.Transient, error.Kind);
        Assert.Contains("could not connect", error.Message);
    }

    [Fact]
    public async Task A_429_on_submit_is_returned_with_its_retry_after()
    {
        await using var server = await ScriptedServer.StartAsync((c, _) =>
        {
            c.Response.Headers.RetryAfter = "7";
            return Json(c, 429, """{"detail":"Too many active tasks"}""");
        });
        using var provider = Bfl(server.BaseUrl);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(FluxErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Theory]
    [InlineData(400, FluxErrorKind.InvalidRequest)]
    [InlineData(422, FluxErrorKind.InvalidRequest)]
    [InlineData(402, FluxErrorKind.OutOfCredits)]
    [InlineData(403, FluxErrorKind.Forbidden)]
    // The kind is passed as object: FluxErrorKind is internal, a public test method cannot name it.
    public async Task Client_errors_carry_the_servers_message_and_are_not_retried(int status, object kindValue)
    {
        var kind = (FluxErrorKind)kindValue;
        await using var server = await ScriptedServer.StartAsync((c, _) =>
            Json(c, status, """{"detail":[{"loc":["body","guidance"],"msg":"ensure this value is at most 10","type":"value_error"}]}"""));
        using var provider = Bfl(server.BaseUrl);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(kind, error.Kind);
        Assert.Contains("body.guidance: ensure this value is at most 10", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Polls_retry_5xx_and_429_then_succeed()
    {
        await using var server = await ScriptedServer.StartAsync((c, n) => n switch
        {
            1 => Json(c, 503, "{}"),
            2 => RateLimited(c),
            3 => Json(c, 500, "{}"),
            _ => Json(c, 200, """{"id":"t","status":"Ready","result":{"sample":"http://x/s"}}"""),
        });
        using var provider = Bfl(server.BaseUrl);

        var poll = await provider.PollAsync(new SubmittedTask("t", new Uri(server.BaseUrl, "v1/get_result?id=t"), null), default);

        Assert.Equal("Ready", poll.Status);
        Assert.Equal(4, server.Requests.Count);

        static Task RateLimited(HttpContext c)
        {
            c.Response.Headers.RetryAfter = "0";
            return Json(c, 429, "{}");
        }
    }

    [Fact]
    public async Task Downloads_go_without_the_key_and_report_an_expired_url()
    {
        await using var server = await ScriptedServer.StartAsync((c, n) =>
        {
            if (n == 1)
                return c.Response.Body.WriteAsync(new byte[] { 1, 2, 3 }).AsTask();
            c.Response.StatusCode = 403;
            return Task.CompletedTask;
        });
        using var provider = Bfl(server.BaseUrl);

        var bytes = await provider.DownloadAsync(new Uri(server.BaseUrl, "delivery/s.png"), default);
        var expired = await Assert.ThrowsAsync<FluxApiException>(() => provider.DownloadAsync(new Uri(server.BaseUrl, "delivery/s.png"), default));

        Assert.Equal(new byte[] { 1, 2, 3 }, bytes);
        Assert.Equal(FluxErrorKind.Expired, expired.Kind);
        Assert.All(server.Requests, r => Assert.False(r.Headers.ContainsKey("x-key")));
    }

    [Fact]
    public async Task A_server_that_echoes_the_key_cannot_put_it_in_an_exception()
    {
        await using var server = await ScriptedServer.StartAsync((c, _) =>
            Json(c, 422, $$"""{"detail":"Invalid API key format: {{c.Request.Headers["x-key"]}}"}"""));
        using var provider = Bfl(server.BaseUrl);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => provider.SubmitAsync("flux-2-flex", Request, default));

        Assert.DoesNotContain(Secret, error.ToString());
        Assert.Contains("***", error.Message);
    }

    [Fact]
    public async Task Comet_uses_bearer_auth_and_polls_its_own_get_result()
    {
        await using var server = await ScriptedServer.StartAsync((c, n) => c.Request.Method == "POST"
            ? Json(c, 200, """{"id":"c1","polling_url":"https://elsewhere.invalid/poll/c1"}""")
            : Json(c, 200, """{"id":"c1","status":"Ready","result":{"sample":"http://x/s","seed":1}}"""));
        using var provider = new FluxProvider(new CometDialect(new Uri(server.BaseUrl, "flux")), new ApiKey(Secret), Fast);

        var task = await provider.SubmitAsync("flux-2-flex", Request, default);
        await provider.PollAsync(task, default);

        Assert.Null(task.CostCredits);
        var requests = server.Requests.ToArray();
        Assert.Equal("/flux/v1/flux-2-flex", requests[0].PathAndQuery);
        Assert.Equal("Bearer " + Secret, requests[0].Headers["Authorization"]);
        Assert.Equal("/flux/v1/get_result?id=c1", requests[1].PathAndQuery);
    }
}
