using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary><c>fluxbatch run</c> and <c>status</c> end to end: the built CLI in a child process, over real HTTP.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Without_a_key_it_runs_on_the_embedded_emulator_says_so_first_and_writes_every_image_of_the_plan()
    {
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone"]);
        var jobs = RunFixture.Plan(manifest);

        var result = await CliProcess.RunAsync(_fixture.Folder, null, RunArgs(manifest, null));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("embedded FLUX.2 emulator", result.FirstLine);
        _fixture.AssertImagesMatchPlan(jobs);
        Assert.Equal(jobs.Count, (await _fixture.JournalCountsAsync())[JobState.Downloaded]);
        Assert.Equal(jobs.Count, _fixture.Summary().Submissions);

        var again = await CliProcess.RunAsync(_fixture.Folder, null, RunArgs(manifest, null));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, _fixture.Summary().Submissions);
        Assert.Equal(jobs.Count, _fixture.Summary().AlreadyDone);

        var status = await CliProcess.RunAsync(_fixture.Folder, null, "status", _fixture.RunDir);
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"downloaded\s*│\s*12", status.StdOut);
    }

    [Fact]
    public async Task Transient_faults_on_polls_and_downloads_and_429s_on_submits_still_complete_every_job_once()
    {
        var faults = FaultRates.Parse(["poll.503=0.1", "poll.drop=0.1", "download.503=0.1", "download.drop=0.1", "submit.429=0.2", "submit.429-bare=0.1"]);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults = faults, RetryAfter = TimeSpan.Zero, Seed = 3, MaxActiveTasksPerKey = 6,
        });
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone", "torus", "pyramid"], seeds: 3, concurrency: 8);
        var jobs = RunFixture.Plan(manifest);

        var result = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));

        Assert.True(result.ExitCode == 0, result.Output);
        _fixture.AssertImagesMatchPlan(jobs);
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions);
        Assert.True(emulator.Stats.FaultsInjected(FaultKind.PollDrop) + emulator.Stats.FaultsInjected(FaultKind.Poll503) > 0);
        Assert.True(emulator.Stats.FaultsInjected(FaultKind.SubmitRateLimited) > 0);
    }

    [Fact]
    public async Task A_5xx_or_a_drop_on_submit_leaves_the_job_in_doubt_never_resent_and_summary_and_status_say_so()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "sphere [[submit.500-after]]", "cone [[submit.drop-after]]"], seeds: 1);

        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var second = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var status = await CliProcess.RunAsync(_fixture.Folder, null, "status", _fixture.RunDir);

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("4 in doubt", first.StdOut);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("4 in doubt", second.StdOut);
        Assert.Contains("4 in doubt", status.StdOut);
        Assert.Equal(4, (await _fixture.JournalCountsAsync())[JobState.InDoubt]);
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
        Assert.Equal(6, emulator.Stats.Submissions);
    }

    [Fact]
    public async Task Permanent_failures_are_recorded_with_reasons_and_never_retried()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "vase [[task.content-moderated]]", "lamp [[moderate]]", "chair [[task.error]]"], seeds: 1);

        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var second = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var status = await CliProcess.RunAsync(_fixture.Folder, null, "status", _fixture.RunDir);

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("6 failed", first.StdOut);
        Assert.Contains("Content Moderated", first.StdOut);
        Assert.Contains("Request Moderated", first.StdOut);
        Assert.Contains("Error", status.StdOut);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal(8, emulator.Stats.Submissions); // the second run sent nothing
        Assert.Equal(0.20m, _fixture.Summary().SpentUsd); // cube ×2 and chair ×2 (Error is charged); moderated jobs are free
    }

    [Fact]
    public async Task A_malformed_key_gets_the_servers_422_message_stops_the_run_and_leaves_the_jobs_planned()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);

        var result = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey("short"), RunArgs(manifest, emulator));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("Invalid API key format", result.StdOut);
        Assert.Equal(0, emulator.Stats.Submissions);
        Assert.False((await _fixture.JournalCountsAsync()).ContainsKey(JobState.Failed)); // issue 11: never a failure of every job
        var again = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(2, _fixture.Summary().Downloaded); // the rerun with a good key does the work
    }

    [Fact]
    public async Task The_budget_stops_submissions_and_exits_3()
    {
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone"], concurrency: 1);

        var result = await CliProcess.RunAsync(_fixture.Folder, null, RunArgs(manifest, null, "--budget", "0.12"));

        Assert.True(result.ExitCode == 3, result.Output);
        Assert.Contains("stopped by budget", result.StdOut);
        var summary = _fixture.Summary();
        Assert.Equal(2, summary.Downloaded);
        Assert.Equal(10, summary.NotRun);
        Assert.True(summary.SpentUsd <= 0.12m);
    }

    [Fact]
    public async Task Invalid_input_exits_2_and_submits_nothing()
    {
        var manifest = Path.Combine(_fixture.Folder, "bad.flux.yaml");
        File.WriteAllText(manifest, "name: bad\nmodel: flux-2-flex\nprompt: hi\nsteps: 99\n");

        var result = await CliProcess.RunAsync(_fixture.Folder, null, "run", manifest);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.flux.yaml:", result.StdErr);
        Assert.False(Directory.Exists(_fixture.RunDir));
    }

    [Fact]
    public async Task A_named_provider_without_its_key_is_invalid_input_not_a_silent_emulator_run()
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);
        var result = await CliProcess.RunAsync(_fixture.Folder, null, "run", manifest, "--provider", "bfl");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("BFL_API_KEY", result.StdErr);
    }
}
