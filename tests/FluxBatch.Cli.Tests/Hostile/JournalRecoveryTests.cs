using FluxBatch.Cli.Tests.Run;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>
/// journal.db lost, sidecars still there: the next run rebuilds the journal from the sidecars, says so, and pays
/// for nothing again; a sidecar whose image is gone is polled for its task (not resubmitted).
/// </summary>
public sealed class JournalRecoveryTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static void DeleteJournal(string runDir)
    {
        foreach (var file in Directory.GetFiles(runDir, RunJournal.FileName + "*"))
            File.Delete(file);
    }

    [Fact]
    public async Task Deleting_the_journal_rebuilds_it_from_sidecars_and_nothing_is_paid_again()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 3 });
        var manifest = _fixture.WriteManifest(["cube", "cone"], seeds: 2);
        var jobs = RunFixture.Plan(manifest);
        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions);

        DeleteJournal(_fixture.RunDir);
        var lostImage = Path.Combine(_fixture.RunDir, jobs[0].OutputFile);
        File.Delete(lostImage); // its sidecar still names the task: poll it, do not pay again
        var second = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains($"journal.db was missing: rebuilt it from {jobs.Count} sidecar(s)", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions); // nothing submitted again
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
        Assert.True(File.Exists(lostImage));
        Assert.Equal(0, _fixture.Summary().Submissions);
        Assert.Equal(jobs.Count - 1, _fixture.Summary().AlreadyDone);
        _fixture.AssertImagesMatchPlan(jobs);
    }
}

/// <summary>A run folder that is a symlink is resolved to its target (documented in docs/reliability.md).</summary>
public sealed class SymlinkedRunFolderTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_symlinked_run_folder_is_resolved_and_a_rerun_through_either_path_pays_nothing_again()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube"], seeds: 2);
        var target = Path.Combine(_fixture.Folder, "real-out");
        Directory.CreateDirectory(target);
        var link = Path.Combine(_fixture.Folder, "link-out");
        File.CreateSymbolicLink(link, target);

        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", link));
        var second = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", target));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(4, ImagesIn(target));
        Assert.True(File.Exists(Path.Combine(target, RunJournal.FileName)));
        Assert.Equal(4, emulator.Stats.Submissions); // the same journal, whichever path named the folder
    }
}
