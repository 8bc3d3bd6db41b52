using FluxBatch.Cli.Tests.Run;
using FluxBatch.Emulator;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>Through the CLI against the emulator: status says what each retry flag would resubmit; the flags do just that.</summary>
public sealed class RetryFailedCliTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Status_lists_what_each_flag_would_resubmit_and_the_flags_resubmit_only_that()
    {
        await using var emulator = await EmulatorServer.StartAsync(new FluxBatch.Emulator.Options.EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "cone [[task.content-moderated]]", "torus [[task.error]]"], seeds: 1);

        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var again = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var status = await CliProcess.RunAsync(_fixture.Folder, null, "status", _fixture.RunDir);
        var afterPlainRerun = emulator.Stats.Submissions;
        var retried = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--retry-failed", "--retry-moderated"));

        Assert.Equal(1, first.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(6, afterPlainRerun); // failed jobs are not resent without a flag
        Assert.Contains("--retry-failed would resubmit 0 (failed without being charged)", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("--retry-moderated would resubmit 2 (moderated, not charged)", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("2 failed after being charged: no flag resubmits them", status.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, retried.ExitCode); // moderated again (the trigger is in the prompt)
        Assert.Equal(afterPlainRerun + 2, emulator.Stats.Submissions); // only the two moderated ones, never the charged errors
    }

    [Fact]
    public async Task A_dry_run_with_a_retry_flag_counts_what_that_run_would_resubmit()
    {
        await using var emulator = await EmulatorServer.StartAsync(new FluxBatch.Emulator.Options.EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "cone [[task.content-moderated]]", "torus [[task.error]]"], seeds: 1);
        await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator));
        var submitted = emulator.Stats.Submissions;

        var plain = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--dry-run"));
        var moderated = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--dry-run", "--retry-moderated"));

        Assert.True(plain.ExitCode == 0, plain.Output);
        Assert.Contains("nothing to submit", plain.StdOut, StringComparison.Ordinal);
        Assert.True(moderated.ExitCode == 0, moderated.Output);
        Assert.Contains("all 2 submits fit", moderated.StdOut, StringComparison.Ordinal);
        Assert.Equal(submitted, emulator.Stats.Submissions); // a dry run sends nothing
    }
}
