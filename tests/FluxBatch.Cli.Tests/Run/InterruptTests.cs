using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

public sealed class InterruptTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Ctrl_C_stops_submitting_finishes_in_flight_jobs_exits_130_and_the_run_resumes()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = LatencySpec.Fixed(TimeSpan.FromMilliseconds(300)) });
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone", "torus", "pyramid"], seeds: 4, concurrency: 4);
        var jobs = RunFixture.Plan(manifest);

        using (var run = CliProcess.Start(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator)))
        {
            Assert.True(await WaitForImagesAsync(_fixture.RunDir, 4, run), run.OutputSoFar);
            run.Interrupt();
            var interrupted = await run.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(interrupted.ExitCode == 130, interrupted.Output);
            Assert.Matches(@"stopping: waiting for \d+ jobs in flight \(Ctrl-C again to leave them; they stay resumable\)", interrupted.StdOut);
            Assert.Contains("interrupted", interrupted.StdOut);

            // The true counts: the last progress line and the summary say how many images there are, not 20/20.
            var images = ImagesIn(_fixture.RunDir);
            Assert.True(images < jobs.Count, "the run finished before the interrupt; nothing to check");
            var last = interrupted.StdOut.Split('\n').Last(l => l.StartsWith("progress: ", StringComparison.Ordinal));
            Assert.StartsWith($"progress: {images}/{jobs.Count} done · 0 in flight", last);
            Assert.Contains($" · {jobs.Count - images} not run", last);
            Assert.Matches($@"│ downloaded now\s+│\s+{images} │", interrupted.StdOut);
            Assert.Matches($@"│ not run\s+│\s+{jobs.Count - images} │", interrupted.StdOut);
        }
        var counts = await _fixture.JournalCountsAsync();
        Assert.False(counts.ContainsKey(JobState.Submitting));
        Assert.False(counts.ContainsKey(JobState.Submitted)); // in-flight jobs were finished, not abandoned
        Assert.True(_fixture.Summary().NotRun > 0);

        var resumed = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        _fixture.AssertImagesMatchPlan(jobs);
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions);
    }
}
