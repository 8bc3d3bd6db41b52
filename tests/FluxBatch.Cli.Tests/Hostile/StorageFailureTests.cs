using System.Globalization;
using FluxBatch.Cli.Tests.Run;
using FluxBatch.Emulator;
using Xunit.Abstractions;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>
/// A full disk stops the run with one clear line (no per-job "internal error"), paid jobs stay recorded and the next
/// run pays nothing twice; a read-only run folder is reported as read-only. Both on a real small tmpfs (mounting needs root, as in the project's CI container; where
/// mounting is not allowed the test says so in its output and checks nothing).
/// </summary>
public sealed class StorageFailureTests(ITestOutputHelper output) : IDisposable
{
    private readonly RunFixture _fixture = new();
    private readonly List<SmallDisk> _mounts = [];

    public void Dispose()
    {
        foreach (var mount in _mounts)
            mount.Dispose();
        _fixture.Dispose();
    }

    private bool TryMount(string path, string options)
    {
        if (SmallDisk.TryMount(path, options, output.WriteLine, nameof(StorageFailureTests)) is not { } disk)
            return false;
        _mounts.Add(disk);
        return true;
    }

    [Fact]
    public async Task A_read_only_run_folder_is_reported_as_read_only()
    {
        var folder = Path.Combine(_fixture.Folder, "ro");
        if (!TryMount(folder, "ro,size=1m"))
            return;
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);

        var run = await CliProcess.RunAsync(_fixture.Folder, null, RunArgs(manifest, null, "--out", folder));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is read-only", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("another fluxbatch run", run.StdErr, StringComparison.Ordinal);
    }

    // How much room the disk has left when the run starts: too little for the journal, too little for the journal's
    // reserve (refused before the first submit), room for a few images past the smallest reserve, room for most past
    // the full one. Each stops the run at a different moment (first image, mid-run, with jobs waiting for a slot).
    [Theory]
    [InlineData(40)]
    [InlineData(160)]
    [InlineData(400)]
    [InlineData(600)]
    [InlineData(1300)]
    [InlineData(1600)]
    public Task A_full_disk_stops_the_run_with_one_line_leaves_nothing_in_doubt_and_pays_nothing_twice(int freeKb) =>
        FillTheDiskMidRunAsync(freeKb, "small", mustStop: true);

    /// <summary>
    /// The same at free sizes drawn at random (16 KB to 2 MB): <see cref="DefaultTrials"/> in every run of the suite,
    /// <c>FLUXBATCH_DISK_TRIALS=N</c> for more, <c>FLUXBATCH_DISK_SEED</c> to repeat a draw.
    /// </summary>
    [Fact]
    public async Task A_full_disk_at_any_moment_leaves_nothing_in_doubt()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("FLUXBATCH_DISK_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : DefaultTrials;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FLUXBATCH_DISK_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        output.WriteLine($"{trials} trials, seed {seed} (FLUXBATCH_DISK_SEED repeats the free sizes)");
        var random = new Random(seed);
        for (var trial = 0; trial < trials; trial++)
        {
            var freeKb = random.Next(16, 2048);
            output.WriteLine($"trial {trial + 1}: {freeKb} KB free");
            await FillTheDiskMidRunAsync(freeKb, $"trial-{trial}", mustStop: false);
        }
    }

    private const int DefaultTrials = 2;

    // mustStop: false where the free space may be enough for the whole run (then it must simply succeed).
    private async Task FillTheDiskMidRunAsync(int freeKb, string name, bool mustStop)
    {
        var folder = Path.Combine(_fixture.Folder, name);
        if (!TryMount(folder, "size=8m"))
            return;
        var filler = Path.Combine(folder, "filler.bin");
        await File.WriteAllBytesAsync(filler, new byte[8 * 1024 * 1024 - freeKb * 1024]);
        await using var emulator = await EmulatorServer.StartAsync(new FluxBatch.Emulator.Options.EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone", "torus", "pyramid", "prism", "ring", "disc"], seeds: 5, budget: null);
        var jobs = RunFixture.Plan(manifest);

        var full = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", folder));
        File.Delete(filler);
        var resumed = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", folder));

        var context = $"{freeKb} KB free\n{full.Output}\n---\n{resumed.Output}";
        Assert.True(full.ExitCode != 0 || !mustStop, context);
        if (full.ExitCode == 0)
        {
            Assert.True(jobs.Count == ImagesIn(folder), context);
            return;
        }
        var stopLines = full.Output.Split('\n').Where(l => l.StartsWith("stopped:", StringComparison.Ordinal)).ToList();
        Assert.True(stopLines.Count == 1, context);
        Assert.StartsWith("stopped: the disk holding", stopLines[0], StringComparison.Ordinal);
        Assert.Contains("is full", stopLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", full.Output, StringComparison.Ordinal);
        // The journal's disk reserve lets the stopping run set every job that waited for a slot back to "planned"
        // and keep the task id of every job the API accepted: nothing is in doubt, everything ends downloaded.
        Assert.True(resumed.ExitCode == 0, context);
        Assert.DoesNotContain("the submit was interrupted before any answer", resumed.Output, StringComparison.Ordinal);
        Assert.True(jobs.Count == ImagesIn(folder), context);
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
    }
}
