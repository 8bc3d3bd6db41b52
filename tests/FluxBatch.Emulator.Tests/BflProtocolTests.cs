using System.Globalization;
using System.Net;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Emulator.Tests;

/// <summary>BFL's error shapes, submission-time moderation, a polling URL on another host, and megapixels on BFL's example sizes.</summary>
public sealed class BflProtocolTests
{
    /// <summary>BFL's own client reads <c>{"error","message"}</c> on 401 (black-forest-labs/skills, python-client.py).</summary>
    [Fact]
    public async Task A_well_formed_key_that_is_not_accepted_is_401_with_error_and_message()
    {
        await using var harness = await Harness.StartAsync(new EmulatorOptions { AcceptedKeys = [Harness.Key] });

        using var response = await harness.SubmitAsync(Harness.Body(), key: "a-different-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await Harness.ReadJsonAsync(response);
        Assert.Equal("Unauthorized", body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Request_Moderated_at_submission_creates_no_task_and_charges_nothing()
    {
        await using var harness = await Harness.StartAsync();

        var body = await harness.SubmitOkAsync(Harness.Body(prompt: "a fox [[submit.request-moderated]]"));

        Assert.Equal("Request Moderated", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("polling_url", out _));
        Assert.Equal(0, harness.Stats.Submissions);
        Assert.Equal(0m, harness.Stats.CreditsCharged);
    }

    [Fact]
    public async Task With_a_polling_port_the_polling_url_names_a_second_host_and_only_it_knows_the_task()
    {
        await using var harness = await Harness.StartAsync(new EmulatorOptions { PollingPort = 0 });

        var submitted = await harness.SubmitOkAsync(Harness.Body());
        var pollingUrl = new Uri(submitted.GetProperty("polling_url").GetString()!);
        var rebuilt = new Uri(harness.Emulator.BaseUrl, pollingUrl.PathAndQuery);

        Assert.NotEqual(harness.Emulator.Port, pollingUrl.Port);
        Assert.Equal(harness.Emulator.PollingBaseUrl.Port, pollingUrl.Port);
        Assert.Equal("Ready", (await harness.PollAsync(pollingUrl.ToString())).GetProperty("status").GetString());
        Assert.Equal("Task not found", (await harness.PollAsync(rebuilt.ToString())).GetProperty("status").GetString());
    }

    /// <summary>One megapixel definition (10^6 px, nearest hundredth) in the emulator too, on BFL's example sizes.</summary>
    [Theory]
    [InlineData(1024, 1024, "1.05")]
    [InlineData(1536, 1152, "1.77")]
    [InlineData(2048, 1024, "2.10")]
    public async Task The_output_megapixels_are_counted_as_BFLs_examples_count_them(int width, int height, string megapixels)
    {
        await using var harness = await Harness.StartAsync();

        var body = await harness.SubmitOkAsync($$"""{"prompt":"a fox","width":{{width}},"height":{{height}}}""");

        Assert.Equal(decimal.Parse(megapixels, CultureInfo.InvariantCulture), body.GetProperty("output_mp").GetDecimal());
    }

    /// <summary>klein is priced (BFL's SKILL.md: 1.4c first MP), no longer charged 0.</summary>
    [Fact]
    public async Task Klein_is_charged_its_published_price()
    {
        await using var harness = await Harness.StartAsync();

        var body = await harness.SubmitOkAsync("""{"prompt":"a fox","width":1024,"height":1024}""", model: "flux-2-klein-4b");

        Assert.Equal(1.41m, body.GetProperty("cost").GetDecimal()); // 1.4c + 0.05 MP x 0.1c, rounded to the credit's hundredth
    }
}
