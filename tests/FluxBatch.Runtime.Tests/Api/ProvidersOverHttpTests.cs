using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Execution;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Api;

/// <summary>
/// The client's dialects against the emulator over real HTTP on 127.0.0.1: CometAPI's paths and auth, BFL's error
/// shapes, submission-time moderation, a polling URL on another host, and the account errors that stop a run with
/// every job still planned, so that a rerun with a good key completes.
/// </summary>
public sealed class ProvidersOverHttpTests
{
    private const string GoodKey = "good-key-0123456789abcdef";
    private static readonly FluxRequest Request = new() { Prompt = "a red cube", Seed = 1, Width = 64, Height = 64, OutputFormat = "png" };
    private static readonly HttpRetryOptions Fast = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), RequestTimeout = TimeSpan.FromSeconds(5),
    };

    private static FluxProvider Provider(ProviderKind kind, Uri baseUrl, string key) =>
        new(kind == ProviderKind.Comet ? new CometDialect(baseUrl) : new BflDialect(baseUrl), new ApiKey(key), Fast);

    [Theory]
    [InlineData("")]
    [InlineData("/flux")] // CometAPI's base URL as some clients write it: taken as it is
    public async Task CometAPI_submits_polls_its_own_get_result_and_downloads(string basePath)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [GoodKey] });
        using var comet = Provider(ProviderKind.Comet, new Uri(emulator.BaseUrl, basePath), GoodKey);

        var task = await comet.SubmitAsync("flux-2-flex", Request, default);
        var poll = await comet.PollAsync(task, default);
        var image = await comet.DownloadAsync(new Uri(poll.Result!.Sample!), default);

        Assert.Null(task.CostCredits); // CometAPI reports no cost: the executor accounts the estimate
        Assert.Equal("/flux/v1/get_result", task.PollingUrl.AbsolutePath); // its own, not the BFL polling_url it was handed
        Assert.Equal(TaskStatuses.Ready, poll.Status);
        Assert.Equal(0x89, image[0]);
    }

    public static TheoryData<string, string, object, string> AccountErrors => new()
    {
        { "bfl", "short", FluxErrorKind.Forbidden, "Invalid API key format" },            // 422, string detail
        { "bfl", "wrong-key-0123456789abcdef", FluxErrorKind.Forbidden, "Unauthorized: The API key is not valid." }, // 401 {error,message}
        { "comet", "wrong-key-0123456789abcdef", FluxErrorKind.Forbidden, "Invalid token." }, // 401 {error:{message}}
    };

    [Theory]
    [MemberData(nameof(AccountErrors))]
    public async Task Bad_keys_are_account_errors_with_the_servers_message(string provider, string key, object kindValue, string message)
    {
        var kind = (FluxErrorKind)kindValue; // internal: a public test method cannot name it
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [GoodKey] });
        using var client = Provider(provider == "comet" ? ProviderKind.Comet : ProviderKind.Bfl, emulator.BaseUrl, key);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => client.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_on_submit_is_a_wrong_endpoint_not_a_job_failure()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = Provider(ProviderKind.Bfl, new Uri(emulator.BaseUrl, "/not-the-api"), GoodKey);

        var error = await Assert.ThrowsAsync<FluxApiException>(() => client.SubmitAsync("flux-2-flex", Request, default));

        Assert.Equal(FluxErrorKind.EndpointNotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public async Task Request_Moderated_at_submission_is_a_moderated_job()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = Provider(ProviderKind.Bfl, emulator.BaseUrl, GoodKey);

        var error = await Assert.ThrowsAsync<FluxApiException>(() =>
            client.SubmitAsync("flux-2-flex", Request with { Prompt = "a cube [[submit.request-moderated]]" }, default));

        Assert.Equal(FluxErrorKind.Moderated, error.Kind);
        Assert.Contains("Request Moderated at submission (not charged)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderated_submit_is_recorded_failed_and_unbilled_and_the_run_goes_on()
    {
        using var dir = new TempDir();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = Provider(ProviderKind.Bfl, emulator.BaseUrl, GoodKey);
        var jobs = TestPlans.Jobs(3).Select(j => j.Index == 1 ? j with { Request = j.Request with { Prompt = "x [[submit.request-moderated]]" } } : j).ToList();

        var report = await Execute(client, dir.Path, jobs);

        Assert.Equal(2, report.Downloaded);
        Assert.Equal(1, report.Failed);
        Assert.Contains("Request Moderated at submission (not charged)", report.Failures.Single().Reason, StringComparison.Ordinal);
        Assert.Equal(0.10m, report.SpentUsd); // two charged at 5c (64x64 flex, as the emulator reports); the moderated one costs nothing
    }

    [Fact]
    public async Task BFLs_polling_url_on_another_host_is_followed_as_given()
    {
        using var dir = new TempDir();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { PollingPort = 0, StrictCluster = true });
        using var client = Provider(ProviderKind.Bfl, emulator.BaseUrl, GoodKey);

        var report = await Execute(client, dir.Path, TestPlans.Jobs(3).ToList());

        Assert.Equal(3, report.Downloaded);
        Assert.NotEqual(emulator.Port, emulator.PollingBaseUrl.Port);
    }

    /// <summary>
    /// Issue 11: a wrong or malformed key once recorded every job as failed, so a rerun with a good key did nothing.
    /// Now the first answer stops the run with one line and leaves every job planned; the rerun completes.
    /// </summary>
    [Theory]
    [InlineData("bfl", "short")]                      // 422 Invalid API key format
    [InlineData("bfl", "wrong-key-0123456789abcdef")] // 401
    [InlineData("comet", "wrong-key-0123456789abcdef")] // 401, CometAPI's shape
    [InlineData("comet", "short")]                    // 401, a malformed key
    public async Task A_bad_key_stops_the_run_with_jobs_planned_and_a_rerun_with_a_good_key_completes(string provider, string badKey)
    {
        using var dir = new TempDir();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [GoodKey] });
        var kind = provider == "comet" ? ProviderKind.Comet : ProviderKind.Bfl;
        var jobs = TestPlans.Jobs(6).ToList();

        RunReport bad;
        using (var client = Provider(kind, emulator.BaseUrl, badKey))
        {
            bad = await Execute(client, dir.Path, jobs);
        }

        Assert.Equal(RunOutcome.Stopped, bad.Outcome);
        Assert.Contains("the run stopped, jobs stay planned", bad.StopReason, StringComparison.Ordinal);
        Assert.Equal(0, bad.Failed);
        Assert.Equal(0, emulator.Stats.Submissions);
        var counts = await ExecutorHarness.CountsAsync(dir.Path);
        Assert.False(counts.ContainsKey(JobState.Failed));
        Assert.All(counts, pair => Assert.Equal(JobState.Planned, pair.Key));

        using var good = Provider(kind, emulator.BaseUrl, GoodKey);
        var rerun = await Execute(good, dir.Path, jobs);

        Assert.Equal(RunOutcome.Completed, rerun.Outcome);
        Assert.Equal(6, rerun.Downloaded);
    }

    private static Task<RunReport> Execute(FluxProvider client, string runDir, IReadOnlyCollection<FluxBatch.Planning.PlannedJob> jobs) =>
        new BatchExecutor(client, new RunContext("test", new RunFolder(runDir), jobs.Count), ExecutorHarness.FastOptions(concurrency: 2))
            .RunAsync(jobs, CancellationToken.None);
}
