using System.Text;

namespace FluxBatch.Emulator.Tests;

public sealed class CounterTests
{
    [Fact]
    public async Task Submissions_are_counted_per_request_hash_and_duplicates_are_listed()
    {
        await using var harness = await Harness.StartAsync();
        var once = Harness.Body(seed: 1);
        var twice = Harness.Body(seed: 2);

        await harness.SubmitOkAsync(once);
        await harness.SubmitOkAsync(twice);
        await harness.SubmitOkAsync(twice);

        var onceHash = RequestHash.Compute("flux-2-flex", Encoding.UTF8.GetBytes(once));
        var twiceHash = RequestHash.Compute("flux-2-flex", Encoding.UTF8.GetBytes(twice));
        Assert.Equal(1, harness.Stats.SubmissionsFor(onceHash));
        Assert.Equal(2, harness.Stats.SubmissionsFor(twiceHash));
        Assert.Equal(new[] { twiceHash }, harness.Stats.DuplicateRequestHashes);
        Assert.Equal(3, harness.Stats.Submissions);
        Assert.Equal(15m, harness.Stats.CreditsCharged);
        Assert.Equal(twiceHash, harness.Emulator.FindTask((await harness.SubmitOkAsync(twice)).GetProperty("id").GetString()!)!.RequestHash);
    }

    [Fact]
    public async Task Polls_and_downloads_are_counted()
    {
        await using var harness = await Harness.StartAsync();

        await harness.ImageAsync(Harness.Body());

        Assert.Equal(1, harness.Stats.SubmitAttempts);
        Assert.Equal(1, harness.Stats.Polls);
        Assert.Equal(1, harness.Stats.Downloads);
        Assert.Equal(0, harness.Stats.ActiveTasks);
    }

    [Fact]
    public void Request_hash_ignores_formatting_key_order_and_trailing_zeros()
    {
        var compact = RequestHash.Compute("flux-2-flex", """{"prompt":"a fox","guidance":4.5,"steps":20}"""u8);
        var spaced = RequestHash.Compute("flux-2-flex", """{ "steps" : 20, "guidance": 4.50, "prompt": "a fox" }"""u8);

        Assert.Equal(compact, spaced);
    }

    [Fact]
    public void Request_hash_depends_on_model_and_values()
    {
        var flex = RequestHash.Compute("flux-2-flex", """{"prompt":"a fox","seed":1}"""u8);

        Assert.NotEqual(flex, RequestHash.Compute("flux-2-pro", """{"prompt":"a fox","seed":1}"""u8));
        Assert.NotEqual(flex, RequestHash.Compute("flux-2-flex", """{"prompt":"a fox","seed":2}"""u8));
    }
}
