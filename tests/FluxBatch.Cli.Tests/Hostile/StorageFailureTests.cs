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

    // How much room the disk has left when the run starts: too little for the first images, room for a few, room
    // for most. Each stops the run at a different moment (first image, mid-run, with jobs waiting for a slot).
    [Theory]
    [InlineData(40)]
    [InlineData(160)]
    [InlineData(600)]
    public async Task A_full_disk_stops_the_run_with_one_line_leaves_nothing_in_doubt_and_pays_nothing_twice(int freeKb)
    {
        var folder = Path.Combine(_fixture.Folder, "small");
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

        Assert.NotEqual(0, full.ExitCode);
        var stopLines = full.Output.Split('\n').Where(l => l.StartsWith("stopped:", StringComparison.Ordinal)).ToList();
        Assert.True(stopLines.Count == 1, full.Output);
        Assert.StartsWith("stopped: the disk holding", stopLines[0], StringComparison.Ordinal);
        Assert.Contains("is full", stopLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", full.Output, StringComparison.Ordinal);
        // The journal's disk reserve lets the stopping run set every job that waited for a slot back to "planned"
        // and keep the task id of every job the API accepted: nothing is in doubt, everything ends downloaded.
        Assert.True(resumed.ExitCode == 0, full.Output + "\n---\n" + resumed.Output);
        Assert.DoesNotContain("the submit was interrupted before any answer", resumed.Output, StringComparison.Ordinal);
        Assert.Equal(jobs.Count, ImagesIn(folder));
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
    }
}
