using System.Text.Json;
using FluxBatch.Cli.Tests.Run;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary><c>status RUNDIR [--manifest FILE] [--format json] [--watch]</c>: counts against a plan that add up to its total.</summary>
public sealed class StatusCommandTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task After_an_axis_edit_status_counts_against_the_recorded_plan_or_the_given_manifest_and_adds_up()
    {
        var manifest = _fixture.WriteManifest(["cube", "sphere"], seeds: 2); // 8 jobs
        var run = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, null));
        Assert.True(run.ExitCode == 0, run.Output);
        _fixture.WriteManifest(["cube", "cone"], seeds: 2); // the edit: sphere → cone, 4 of 8 jobs are new

        var recorded = await StatusJsonAsync(_fixture.RunDir);
        Assert.Equal("recorded_plan", recorded.GetProperty("counted_against").GetString());
        Assert.Equal(8, recorded.GetProperty("total_jobs").GetInt64());
        Assert.Equal(8, Count(recorded, "downloaded"));
        AddsUp(recorded);

        var current = await StatusJsonAsync(_fixture.RunDir, "--manifest", manifest);
        Assert.Equal("manifest", current.GetProperty("counted_against").GetString());
        Assert.Equal(8, current.GetProperty("total_jobs").GetInt64());
        Assert.Equal(4, Count(current, "downloaded"));
        Assert.Equal(4, Count(current, "not_started"));
        Assert.Equal(4, current.GetProperty("other_plans").GetInt64());
        AddsUp(current);

        var table = await CliProcess.RunAsync(_fixture.Folder, null, ["status", _fixture.RunDir, "--manifest", manifest]);
        Assert.True(table.ExitCode == 0, table.Output);
        Assert.Matches(@"│ downloaded\s+│\s+4 │", table.StdOut);
        Assert.Matches(@"│ not started\s+│\s+4 │", table.StdOut);
        Assert.Matches(@"│ total in plan\s+│\s+8 │", table.StdOut);
        Assert.Contains("4 more in the journal from other versions of the plan (not counted above)", table.StdOut);
    }

    [Fact]
    public async Task Watch_follows_a_run_in_another_process_until_it_ends()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = LatencySpec.Fixed(TimeSpan.FromMilliseconds(200)) });
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone", "torus", "pyramid"], seeds: 4, concurrency: 2); // 40 jobs
        using var run = CliProcess.Start(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        Assert.True(await WaitForImagesAsync(_fixture.RunDir, 1, run), run.OutputSoFar);

        var watch = await CliProcess.RunAsync(_fixture.Folder, null, ["status", _fixture.RunDir, "--watch", "--interval", "0.1", "--format", "json"]);

        Assert.True(watch.ExitCode == 0, watch.Output);
        Assert.Equal(0, (await run.WaitAsync(TimeSpan.FromSeconds(60))).ExitCode);
        var snapshots = watch.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(snapshots.Count >= 2, watch.StdOut);
        Assert.Contains(snapshots, s => Count(s, "downloaded") < 40); // it saw the run going on
        Assert.Equal(40, Count(snapshots[^1], "downloaded"));   // and its end
        Assert.All(snapshots, AddsUp);
    }

    [Fact]
    public async Task Watch_on_a_folder_without_a_run_going_on_shows_it_once_and_says_so()
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);
        Assert.Equal(0, (await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, null))).ExitCode);

        var watch = await CliProcess.RunAsync(_fixture.Folder, null, ["status", _fixture.RunDir, "--watch"]);

        Assert.True(watch.ExitCode == 0, watch.Output);
        Assert.Contains("nothing to follow", watch.StdOut);
        Assert.Matches(@"│ downloaded\s+│\s+2 │", watch.StdOut);
    }

    private static long Count(JsonElement status, string state) => status.GetProperty("counts").GetProperty(state).GetInt64();

    private static void AddsUp(JsonElement status) =>
        Assert.Equal(status.GetProperty("total_jobs").GetInt64(), status.GetProperty("counts").EnumerateObject().Sum(p => p.Value.GetInt64()));

    private async Task<JsonElement> StatusJsonAsync(string runDir, params string[] more)
    {
        var result = await CliProcess.RunAsync(_fixture.Folder, null, ["status", runDir, "--format", "json", .. more]);
        Assert.True(result.ExitCode == 0, result.Output);
        return JsonDocument.Parse(result.StdOut).RootElement;
    }
}
