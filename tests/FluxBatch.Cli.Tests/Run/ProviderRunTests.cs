using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>
/// <c>fluxbatch run</c> as a user types it, with <c>--provider comet</c> and <c>--provider bfl</c> against an emulator the
/// test starts itself on 127.0.0.1 port 0: the examples finish with every image, the price table is the provider's,
/// and a bad key stops the run with one line, leaving every job planned for a rerun with a good key.
/// </summary>
public sealed class ProviderRunTests : IDisposable
{
    private const string GoodKey = "good-key-0123456789abcdef";
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static Dictionary<string, string> KeyFor(string provider, string key) =>
        new() { [provider == "comet" ? "COMETAPI_KEY" : "BFL_API_KEY"] = key };

    private string[] Args(string manifest, string provider, RunningEmulator emulator, params string[] more) =>
        ["run", manifest, "--provider", provider, "--base-url", emulator.BaseUrl.ToString(), "--poll-interval", "0.01", "--out", _fixture.RunDir, .. more];

    /// <summary>The "done when": <c>fluxbatch run examples/seeded-16.flux.yaml --provider comet|bfl --base-url EMULATOR</c>.</summary>
    [Theory]
    [InlineData("seeded-16.flux.yaml", "comet", "0.128", "2.00")]     // 16 x $0.008 per request (CometAPI's product page); no cost reported
    [InlineData("seeded-16.flux.yaml", "bfl", "0.84", "2.00")]        // 16 x 5.25c: 1024x1024 is 1.05 MP, 5c + 0.05 MP x 5c, as the emulator reports it
    [InlineData("multi-reference.flux.yaml", "comet", "0.032", "1.00")] // references inlined as base64 through CometAPI too; 4 x $0.008
    public async Task An_example_finishes_with_every_image_on_each_provider(string example, string provider, string expectedSpend, string budget)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [GoodKey] });
        var manifest = Path.Combine(RunFixture.ExamplesFolder(), example);
        var jobs = RunFixture.Plan(manifest);

        var result = await CliProcess.RunAsync(_fixture.Folder, KeyFor(provider, GoodKey), Args(manifest, provider, emulator));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"Provider {provider} at {emulator.BaseUrl}", result.FirstLine, StringComparison.Ordinal);
        _fixture.AssertImagesMatchPlan(jobs);
        var summary = _fixture.Summary();
        Assert.Equal(jobs.Count, summary.Downloaded);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions);
        Assert.Equal(provider, summary.Provider);
        Assert.Equal(decimal.Parse(expectedSpend, System.Globalization.CultureInfo.InvariantCulture), summary.SpentUsd);
        // The contact sheet tells the provider's spend (for CometAPI, which reports no cost, its per-request estimate).
        var sheet = File.ReadAllText(Path.Combine(_fixture.RunDir, "index.html"));
        Assert.Contains($"via {provider}, spent ${expectedSpend} of ${budget} budget", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_estimate_and_budget_use_CometAPIs_per_request_price()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = Path.Combine(RunFixture.ExamplesFolder(), "seeded-16.flux.yaml");

        // 16 jobs at $0.008 fit $0.13, though at BFL's $0.0525 they would not.
        var result = await CliProcess.RunAsync(_fixture.Folder, KeyFor("comet", GoodKey), Args(manifest, "comet", emulator, "--budget", "0.13"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("16 jobs, estimate $0.128,", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(16, _fixture.Summary().Downloaded);
    }

    [Fact]
    public async Task A_model_CometAPI_has_no_price_for_is_refused_before_anything_is_sent()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = Path.Combine(_fixture.Folder, "pro.flux.yaml");
        File.WriteAllText(manifest, "name: pro\nmodel: flux-2-pro\nprompt: a lighthouse\nseed: 1\n");

        var result = await CliProcess.RunAsync(_fixture.Folder, KeyFor("comet", GoodKey), Args(manifest, "comet", emulator));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pro.flux.yaml:2:8: error FLUX4006: No price is known for model `flux-2-pro` at provider comet", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Stats.SubmitAttempts);
    }

    /// <summary>Issue 11 and 13: 401, 403, 422 "Invalid API key format" and a 404 on submit stop the run; jobs stay planned.</summary>
    [Theory]
    [InlineData("bfl", "short", "Invalid API key format")]
    [InlineData("bfl", "wrong-key-0123456789abcdef", "Unauthorized: The API key is not valid.")]
    [InlineData("comet", "wrong-key-0123456789abcdef", "Invalid token.")]
    public async Task A_bad_key_stops_with_one_line_and_a_rerun_with_a_good_key_completes(string provider, string badKey, string serverSays)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [GoodKey] });
        var manifest = _fixture.WriteManifest(["cube", "sphere"], seeds: 2);

        var bad = await CliProcess.RunAsync(_fixture.Folder, KeyFor(provider, badKey), Args(manifest, provider, emulator));

        Assert.True(bad.ExitCode == 1, bad.Output);
        Assert.Contains($"{provider} refused the API key (HTTP", bad.StdOut, StringComparison.Ordinal);
        Assert.Contains(serverSays, bad.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, bad.Output, StringComparison.Ordinal);
        var counts = await _fixture.JournalCountsAsync();
        Assert.False(counts.ContainsKey(JobState.Failed), string.Join(", ", counts));
        Assert.Equal(0, _fixture.Summary().Failed);

        var good = await CliProcess.RunAsync(_fixture.Folder, KeyFor(provider, GoodKey), Args(manifest, provider, emulator));

        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Equal(8, _fixture.Summary().Downloaded);
    }

    [Fact]
    public async Task A_404_on_submit_stops_the_run_and_names_the_base_url()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube"], seeds: 2);

        var result = await CliProcess.RunAsync(_fixture.Folder, KeyFor("bfl", GoodKey),
            ["run", manifest, "--provider", "bfl", "--base-url", new Uri(emulator.BaseUrl, "/wrong").ToString(), "--out", _fixture.RunDir]);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("has no such endpoint", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("check --base-url", result.StdOut, StringComparison.Ordinal);
        Assert.False((await _fixture.JournalCountsAsync()).ContainsKey(JobState.Failed));
    }

    [Theory]
    [InlineData("--region", "mars", "unknown region 'mars': expected global, eu or us")]
    [InlineData("--provider", "comet", "--region is BFL's (global, eu, us); provider comet has no regions")]
    public async Task A_bad_region_is_invalid_input_and_nothing_is_sent(string option, string value, string message)
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);
        string[] args = option == "--region"
            ? ["run", manifest, "--provider", "bfl", "--region", value]
            : ["run", manifest, "--provider", value, "--region", "eu"];

        var result = await CliProcess.RunAsync(_fixture.Folder, new Dictionary<string, string> { ["BFL_API_KEY"] = GoodKey, ["COMETAPI_KEY"] = GoodKey }, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_fixture.RunDir));
    }
}
