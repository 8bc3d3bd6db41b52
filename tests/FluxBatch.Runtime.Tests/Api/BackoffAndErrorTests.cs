using FluxBatch.Api;

namespace FluxBatch.Runtime.Tests.Api;

public sealed class BackoffAndErrorTests
{
    private static readonly HttpRetryOptions Options = new();

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(4, 4.0)]
    [InlineData(7, 30.0)]
    [InlineData(40, 30.0)]
    public void Backoff_ceiling_is_half_a_second_doubling_capped_at_30_s(int retry, double ceilingSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds), Backoff.Delay(retry, null, Options, 1.0));
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(retry, null, Options, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds / 2), Backoff.Delay(retry, null, Options, 0.5));
    }

    [Fact]
    public void Retry_after_wins_but_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), Backoff.Delay(1, TimeSpan.FromSeconds(7), Options, 0.9));
        Assert.Equal(TimeSpan.FromSeconds(30), Backoff.Delay(1, TimeSpan.FromMinutes(5), Options, 0.9));
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(1, TimeSpan.FromSeconds(-3), Options, 0.9));
    }

    [Theory]
    [InlineData("""{"detail":[{"loc":["body","steps"],"msg":"ensure this value is less than or equal to 50","type":"value_error"}]}""",
        "body.steps: ensure this value is less than or equal to 50")]
    [InlineData("""{"detail":"Invalid API key format"}""", "Invalid API key format")]
    [InlineData("""{"error":{"message":"quota exceeded","type":"comet_api_error","param":null,"code":"429"}}""", "quota exceeded")]
    // BFL's own shape (black-forest-labs/skills python-client.py reads "error" and "message"): both are shown.
    [InlineData("""{"error":"Unauthorized","message":"Invalid API key"}""", "Unauthorized: Invalid API key")]
    [InlineData("""{"error":"","message":"Bad request: width must be a multiple of 16"}""", "Bad request: width must be a multiple of 16")]
    [InlineData("Bad Gateway", "Bad Gateway")]
    [InlineData("", "(empty body)")]
    public void Error_messages_are_the_servers_own(string body, string expected) =>
        Assert.Equal(expected, ErrorMessages.FromBody(body));

    [Fact]
    public void The_key_never_formats_and_the_redactor_removes_it()
    {
        var key = new ApiKey("sk-live-0123456789abcdef");
        Assert.Equal("***", key.ToString());
        Assert.Equal("bad key *** given", new SecretRedactor(key).Redact("bad key sk-live-0123456789abcdef given"));
    }
}
