using System.Net;
using System.Text;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Emulator.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Missing_key_is_403_not_authenticated()
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync(Harness.Body(), key: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Not authenticated", (await Harness.ReadJsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, harness.Stats.SubmitAttempts);
    }

    [Fact]
    public async Task Bearer_header_is_not_auth()
    {
        await using var harness = await Harness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.BaseUrl, "/v1/flux-2-flex"))
        {
            Content = new StringContent(Harness.Body(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Harness.Key);

        using var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Not authenticated", (await Harness.ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("short")]
    [InlineData("Bearer test-key-0123456789abcdef")]
    [InlineData("\"test-key-0123456789abcdef\"")]
    public async Task Malformed_key_is_422_with_a_string_detail(string key)
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync(Harness.Body(), key: key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid API key format", (await Harness.ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task With_configured_keys_only_those_are_accepted()
    {
        await using var harness = await Harness.StartAsync(new EmulatorOptions { AcceptedKeys = [Harness.Key] });

        using var other = await harness.SubmitAsync(Harness.Body(), key: "a-different-key-0123456789");
        using var accepted = await harness.SubmitAsync(Harness.Body());

        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode); // BFL's 401 {"error","message"} (BflProtocolTests)
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Polls_and_credits_need_the_key_too()
    {
        await using var harness = await Harness.StartAsync();
        var pollingUrl = (await harness.SubmitOkAsync(Harness.Body())).GetProperty("polling_url").GetString()!;

        using var poll = await harness.GetAsync(pollingUrl, key: null);
        using var credits = await harness.GetAsync(new Uri(harness.Emulator.BaseUrl, "/v1/credits").ToString(), key: null);

        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, credits.StatusCode);
    }

    [Fact]
    public async Task A_malformed_accepted_key_is_an_options_error_that_does_not_echo_the_key()
    {
        const string secret = "not a key!";

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [secret] }, CancellationToken.None));

        Assert.Contains("AcceptedKeys[0]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }
}
