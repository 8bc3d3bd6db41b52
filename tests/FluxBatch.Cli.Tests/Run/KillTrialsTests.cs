using System.Globalization;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using Xunit.Abstractions;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>
/// kill -9 at a random moment of a 150-job run, then the same command again, repeated over fresh folders. Each trial
/// must end with every image except the jobs reported in doubt (killed between their durable "submitting" and the
/// answer), nothing paid twice without <c>--resubmit-in-doubt</c>; with it, every image. CI runs
/// <see cref="DefaultTrials"/> trials; <c>FLUXBATCH_KILL_TRIALS=10</c> runs the ten of docs/reliability.md.
/// </summary>
public sealed class KillTrialsTests(ITestOutputHelper output)
{
    private const int DefaultTrials = 2;
    private const int Concurrency = 8;
    private static readonly string[] Subjects =
        ["cube", "sphere", "cone", "torus", "pyramid", "prism", "ring", "disc", "star", "arch", "wedge", "helix", "knot", "shell", "cup"];

    [Fact]
    public async Task Random_kills_of_a_150_job_run_lose_no_image_and_pay_nothing_twice()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("FLUXBATCH_KILL_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : DefaultTrials;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FLUXBATCH_KILL_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"{trials} trials, seed {seed} (FLUXBATCH_KILL_SEED reproduces the kill points)");
        for (var trial = 1; trial <= trials; trial++)
            await TrialAsync(trial, killAt: random.Next(1, 150));
    }

    private async Task TrialAsync(int trial, int killAt)
    {
        using var fixture = new RunFixture();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Latency = LatencySpec.Uniform(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40)),
            Seed = trial,
        });
        var manifest = fixture.WriteManifest(Subjects, seeds: 5, concurrency: Concurrency, budget: null);
        var jobs = RunFixture.Plan(manifest);
        Assert.Equal(150, jobs.Count);

        using (var run = CliProcess.Start(fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator)))
        {
            var killed = await WaitForImagesAsync(fixture.RunDir, killAt, run) && !run.HasExited;
            if (killed)
                run.Kill();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"trial {trial}: {(killed ? "killed" : "not killed (ended first)")} at {ImagesIn(fixture.RunDir)} images (aimed at {killAt})");
        }

        var resumed = await CliProcess.RunAsync(fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var summary = fixture.Summary();
        Assert.True(resumed.ExitCode == (summary.InDoubt == 0 ? 0 : 1), resumed.Output);
        Assert.Empty(emulator.Stats.DuplicateRequestHashes); // nothing paid twice
        Assert.InRange(summary.InDoubt, 0, Concurrency + 1); // at most what was in flight (plus one early start)
        var inDoubt = summary.InDoubtJobs.Select(j => j.JobId).ToHashSet();
        fixture.AssertImagesMatchPlan(jobs.Where(j => !inDoubt.Contains(j.Id)));
        Assert.Equal(jobs.Count - inDoubt.Count, ImagesIn(fixture.RunDir));

        // Asked explicitly, the in-doubt jobs are sent again: every image, at most those few paid twice.
        var resubmitted = await CliProcess.RunAsync(fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--resubmit-in-doubt"));
        Assert.True(resubmitted.ExitCode == 0, resubmitted.Output);
        Assert.Equal(jobs.Count, ImagesIn(fixture.RunDir));
        Assert.InRange(emulator.Stats.DuplicateRequestHashes.Count, 0, inDoubt.Count);
        var counts = await fixture.JournalCountsAsync();
        Assert.Equal(jobs.Count, counts[JobState.Downloaded]);
        output.WriteLine($"trial {trial}: {inDoubt.Count} in doubt after the kill, {emulator.Stats.DuplicateRequestHashes.Count} paid twice after --resubmit-in-doubt");
    }
}
