using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>Crash safety: a child <c>fluxbatch run</c> killed with SIGKILL at several points, then resumed.</summary>
public sealed class ResumeAfterKillTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Killed_at_several_points_then_resumed_every_image_is_present_and_nothing_was_submitted_twice()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Latency = LatencySpec.Uniform(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(120)),
            Seed = 5,
        });
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone", "torus", "pyramid"], seeds: 4, concurrency: 8);
        var jobs = RunFixture.Plan(manifest);

        // Kill points: as soon as the first image lands, then mid-run, then late. Each kill may leave jobs in doubt
        // (those between their durable "submitting" and "submitted"), which no later run produces; if so many are in
        // doubt that a run ends before the next kill point, that run is not killed.
        var kills = 0;
        foreach (var killAt in new[] { 1, 15, 30 })
        {
            using var run = CliProcess.Start(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
            if (await WaitForImagesAsync(_fixture.RunDir, killAt, run) && !run.HasExited)
            {
                run.Kill();
                kills++;
            }
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        var final = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));

        // A kill between "submitting" and the answer leaves a job in doubt: it is reported, never resent.
        var summary = _fixture.Summary();
        Assert.True(final.ExitCode == (summary.InDoubt == 0 ? 0 : 1), final.Output);
        Assert.True(kills >= 1, "no run was killed");
        // A kill can leave in doubt at most the jobs in flight: concurrency 8, plus the one early start P = 8 allows.
        Assert.InRange(summary.InDoubt, 0, kills * 9);
        Assert.Equal(jobs.Count, summary.Downloaded + summary.AlreadyDone + summary.InDoubt);
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
        Assert.Equal(emulator.Stats.SubmissionsPerRequestHash.Count, emulator.Stats.Submissions);

        var counts = await _fixture.JournalCountsAsync();
        Assert.Equal(summary.Downloaded + summary.AlreadyDone, counts[JobState.Downloaded]);
        Assert.Equal(summary.InDoubt, counts.GetValueOrDefault(JobState.InDoubt));
        Assert.Equal(jobs.Count, counts.Values.Sum());
        var inDoubt = summary.InDoubtJobs.Select(j => j.JobId).ToHashSet();
        _fixture.AssertImagesMatchPlan(jobs.Where(j => !inDoubt.Contains(j.Id)));
        Assert.Equal(jobs.Count - inDoubt.Count, ImagesIn(_fixture.RunDir));
    }
}
