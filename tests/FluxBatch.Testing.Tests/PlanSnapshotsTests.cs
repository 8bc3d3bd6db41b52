using FluxBatch.Manifest;
using FluxBatch.Planning;
using FluxBatch.Snapshots;

namespace FluxBatch.Testing.Tests;

/// <summary>
/// <see cref="PlanSnapshots"/> follows Verify's conventions: <c>{Class}.{Method}.verified.txt</c> in the caller's
/// folder, <c>.received.txt</c> on a mismatch, the summary and the diff in the failure, acceptance from the
/// environment but never on CI. The caller's folder is a temporary one here (the source path is passed explicitly).
/// </summary>
public sealed class PlanSnapshotsTests : IDisposable
{
    private const string Manifest = """
        name: kites
        prompt: A {{ color }} kite over the dunes
        sweep:
          grid:
            color: [red, blue]
            steps: [10, 20]
        seeds: { base: 5, count: 2 }
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fluxbatch-snapshots-");

    // Deliberately not the class name: the class comes from the calling test method.
    private string SourceFile => Path.Combine(_folder.FullName, "SomeFile.cs");

    [Fact]
    public async Task A_first_run_fails_writes_received_and_names_the_files_after_class_and_method()
    {
        var failure = await Assert.ThrowsAsync<PlanSnapshotException>(() => PlanSnapshots.VerifyAsync(PlanOf(Manifest), SourceFile));

        var received = Path.Combine(_folder.FullName, $"{nameof(PlanSnapshotsTests)}.{nameof(A_first_run_fails_writes_received_and_names_the_files_after_class_and_method)}.received.txt");
        Assert.True(File.Exists(received), failure.Message);
        Assert.StartsWith("no verified snapshot yet: ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(PlanOf(Manifest).ToSnapshotText(), await File.ReadAllTextAsync(received));
    }

    [Fact]
    public async Task A_matching_plan_passes_and_removes_a_stale_received_file()
    {
        var file = FileFor(nameof(A_matching_plan_passes_and_removes_a_stale_received_file));
        file.Accept(PlanOf(Manifest).ToSnapshotText());
        await File.WriteAllTextAsync(file.ReceivedPath, "stale");

        await PlanSnapshots.VerifyAsync(PlanOf(Manifest), SourceFile);

        Assert.False(File.Exists(file.ReceivedPath));
    }

    [Fact]
    public async Task A_changed_plan_fails_with_the_summary_line_then_the_diff()
    {
        var file = FileFor(nameof(A_changed_plan_fails_with_the_summary_line_then_the_diff));
        file.Accept(PlanOf(Manifest).ToSnapshotText());

        var failure = await Assert.ThrowsAsync<PlanSnapshotException>(
            () => PlanSnapshots.VerifyAsync(PlanOf(Manifest.Replace("[10, 20]", "[10, 20, 30]")), SourceFile));

        var lines = failure.Message.Split('\n');
        Assert.StartsWith("plan differs from " + file.VerifiedPath, lines[0], StringComparison.Ordinal);
        Assert.StartsWith("+4 jobs", lines[1], StringComparison.Ordinal); // 2 colours x 2 seeds at 30 steps
        Assert.Contains(lines, l => l.StartsWith("+ job 8 ", StringComparison.Ordinal));
        Assert.Equal(failure.Summary, lines[1]);
        Assert.True(File.Exists(file.ReceivedPath));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task The_environment_accepts_a_change_except_on_ci(string? ci, bool fails)
    {
        var file = FileFor("accept");
        file.Accept(PlanOf(Manifest).ToSnapshotText());
        var changed = PlanOf(Manifest.Replace("dunes", "harbour")).ToSnapshotText();
        var environment = new Dictionary<string, string?> { [SnapshotFile.AcceptVariable] = "1", ["CI"] = ci };

        var verify = PlanSnapshots.Verify(changed, file, name => environment.GetValueOrDefault(name));

        Assert.Equal(fails, verify.IsFaulted);
        Assert.Equal(fails ? PlanOf(Manifest).ToSnapshotText() : changed, await File.ReadAllTextAsync(file.VerifiedPath));
        Assert.Equal(fails, File.Exists(file.ReceivedPath));
    }

    [Fact]
    public async Task VerifyManifestAsync_uses_the_snapshot_beside_the_manifest()
    {
        var manifest = Path.Combine(_folder.FullName, "kites.flux.yaml");
        await File.WriteAllTextAsync(manifest, Manifest);
        var plan = Plan.Create(ManifestReader.ReadFile(manifest).Manifest!);
        new SnapshotFile(Path.Combine(_folder.FullName, "kites.flux.plan.verified.txt")).Accept(plan.ToSnapshotText());

        await PlanSnapshots.VerifyManifestAsync(plan);
        await File.WriteAllTextAsync(manifest, Manifest.Replace("base: 5", "base: 6"));
        var failure = await Assert.ThrowsAsync<PlanSnapshotException>(
            () => PlanSnapshots.VerifyManifestAsync(Plan.Create(ManifestReader.ReadFile(manifest).Manifest!)));

        Assert.Equal("8 seeds changed", failure.Summary);
        Assert.True(File.Exists(Path.Combine(_folder.FullName, "kites.flux.plan.received.txt")));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private SnapshotFile FileFor(string method) => new(Path.Combine(_folder.FullName, $"{nameof(PlanSnapshotsTests)}.{method}.verified.txt"));

    private static Plan PlanOf(string yaml) => Plan.Create(ManifestReader.Read("kites.flux.yaml", yaml).Manifest!);
}
