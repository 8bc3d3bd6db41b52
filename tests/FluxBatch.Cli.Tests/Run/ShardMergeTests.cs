using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>
/// <c>run --shard K/N</c> and <c>fluxbatch merge</c> end to end on an emulator (docs/scaling.md): the shards submit
/// each job once between them, each into its own folder, and the merge gives one folder, sheet and export.
/// </summary>
public sealed class ShardMergeTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Dir(string name) => Path.Combine(_fixture.Folder, name);

    private static HashSet<string> Images(string folder) =>
        Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Shards_split_the_plan_between_folders_and_merge_joins_them_into_one_sheet_and_export()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone"], seeds: 2);
        var jobs = RunFixture.Plan(manifest);

        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--shard", "1/2", "--out", Dir("s1")));
        // --shards N takes K from JOB_COMPLETION_INDEX (0-based): index 1 is shard 2/2, in the default folder beside output.dir.
        var second = await CliProcess.RunAsync(_fixture.Folder, new Dictionary<string, string>(EmulatorKey()) { ["JOB_COMPLETION_INDEX"] = "1" },
            RunArgs(manifest, emulator, "--shards", "2"));
        var s2 = Dir("out.shard-2-of-2");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("shard 1/2", first.StdOut);
        Assert.Contains("shard 2/2", second.StdOut);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions); // each job once, between the two shards
        Assert.Empty(emulator.Stats.DuplicateRequestHashes);
        var (one, two) = (Images(Dir("s1")), Images(s2));
        Assert.Empty(one.Intersect(two));
        Assert.True(one.Count > 0 && two.Count > 0);
        Assert.True(one.Union(two).ToHashSet().SetEquals(jobs.Select(j => j.OutputFile.Replace('\\', '/'))));

        var status = await CliProcess.RunAsync(_fixture.Folder, null, "status", s2);
        Assert.Contains("shard 2 of 2", status.StdOut);
        var json = await CliProcess.RunAsync(_fixture.Folder, null, "status", s2, "--format", "json");
        Assert.Contains("\"shard\":{\"number\":2,\"count\":2}", json.StdOut);
        Assert.Contains($"\"total_jobs\":{two.Count}", json.StdOut); // counted against the shard, not the whole plan

        var merged = await CliProcess.RunAsync(_fixture.Folder, null, "merge", Dir("s1"), s2, "--out", _fixture.RunDir);
        Assert.True(merged.ExitCode == 0, merged.Output);
        Assert.Contains($"{jobs.Count} of {jobs.Count} jobs with their image", merged.StdOut);
        _fixture.AssertImagesMatchPlan(jobs);
        Assert.Equal(jobs.Count, Images(_fixture.RunDir).Count);
        Assert.Equal(jobs.Count, (await _fixture.JournalCountsAsync())[JobState.Downloaded]);
        Assert.True(File.Exists(Path.Combine(_fixture.RunDir, "index.html")));
        var export = File.ReadAllLines(Path.Combine(_fixture.RunDir, "export.csv"));
        Assert.Equal(jobs.Count + 1, export.Length); // the header and one row per job of the whole plan
        Assert.All(export.Skip(1), row => Assert.Contains(",done,", row));
        // The merged folder is a whole-plan folder: status counts all of it, and a run there submits nothing.
        var mergedStatus = await CliProcess.RunAsync(_fixture.Folder, null, "status", _fixture.RunDir, "--format", "json");
        Assert.Contains("\"shard\":null", mergedStatus.StdOut);
        Assert.Contains($"\"downloaded\":{jobs.Count}", mergedStatus.StdOut);
        var rerun = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", _fixture.RunDir));
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Equal(jobs.Count, emulator.Stats.Submissions);
    }

    [Fact]
    public async Task Merge_copies_a_job_once_keeps_the_first_of_differing_copies_and_refuses_other_plans()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone"], seeds: 2);
        var jobs = RunFixture.Plan(manifest);
        foreach (var (shard, dir) in new[] { ("1/2", "a1"), ("2/2", "a2"), ("1/2", "b1") })
            Assert.Equal(0, (await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--shard", shard, "--out", Dir(dir)))).ExitCode);

        // b1 holds the same jobs as a1; one of them with other bytes (as if paid twice and drawn anew).
        var changed = Images(Dir("b1")).First();
        var original = File.ReadAllBytes(Path.Combine(Dir("a1"), changed));
        var other = original.ToArray();
        other[^20] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(Dir("b1"), changed), other);
        await using (var journal = RunJournal.Open(Dir("b1")))
        {
            var row = journal.InStates([JobState.Downloaded]).First(r => r.OutputFile.Replace('\\', '/') == changed);
            journal.Write(row with { Sha256 = AtomicFile.Sha256Hex(other) });
            await journal.FlushAsync();
        }

        var merged = await CliProcess.RunAsync(_fixture.Folder, null, "merge", Dir("a1"), Dir("b1"), Dir("a2"), "--out", Dir("m"));
        Assert.True(merged.ExitCode == 0, merged.Output);
        Assert.True(Images(Dir("a1")).Count >= 2); // the split is fixed: shard 1/2 of these 12 jobs holds several
        Assert.Contains($"{Images(Dir("a1")).Count - 1} duplicate(s) skipped", merged.StdOut);
        Assert.Contains("holds a different image", merged.StdErr);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(Dir("m"), changed))); // the first folder's image
        Assert.Equal(jobs.Count, Images(Dir("m")).Count);

        // Another plan (one more subject) has another hash: refused, nothing written.
        var otherManifest = _fixture.WriteManifest(["cube", "sphere", "torus"], seeds: 1, name: "other");
        Assert.Equal(0, (await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(otherManifest, emulator, "--out", Dir("o")))).ExitCode);
        var refused = await CliProcess.RunAsync(_fixture.Folder, null, "merge", Dir("a1"), Dir("o"), "--out", Dir("m2"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("different plans (by plan hash)", refused.StdErr);
        Assert.False(Directory.Exists(Dir("m2")));
        // Nor into a folder of another plan, nor with the output among the inputs.
        Assert.Equal(2, (await CliProcess.RunAsync(_fixture.Folder, null, "merge", Dir("a1"), "--out", Dir("o"))).ExitCode);
        Assert.Equal(2, (await CliProcess.RunAsync(_fixture.Folder, null, "merge", Dir("a1"), "--out", Dir("a1"))).ExitCode);
        Assert.Equal(2, (await CliProcess.RunAsync(_fixture.Folder, null, "merge", Dir("nowhere"), "--out", Dir("m3"))).ExitCode);
    }

    [Theory]
    [InlineData("does not exist: K is 1-based, 1 to 2", "--shard", "3/2")]
    [InlineData("does not exist: K is 1-based, 1 to 4", "--shard", "0/4")]
    [InlineData("is not K/N", "--shard", "two/4")]
    [InlineData("JOB_COMPLETION_INDEX (0-based, set by a Kubernetes Indexed Job), which is not set", "--shards", "4")]
    [InlineData("not both", "--shard", "1/2", "--shards", "2")]
    public async Task A_bad_shard_is_refused_with_exit_2_and_nothing_submitted(string reason, params string[] shard)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);

        var run = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, shard));
        var plan = await CliProcess.RunAsync(_fixture.Folder, null, ["plan", manifest, .. shard]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(reason, run.StdErr);
        Assert.Equal(2, plan.ExitCode);
        Assert.Contains(reason, plan.StdErr);
        Assert.Equal(0, emulator.Stats.Submissions);
        Assert.False(Directory.Exists(_fixture.RunDir));
    }

    [Fact]
    public async Task A_kubernetes_index_out_of_range_is_refused()
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);
        var result = await CliProcess.RunAsync(_fixture.Folder, new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "4" }, "plan", manifest, "--shards", "4");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("JOB_COMPLETION_INDEX=4: index 4 is out of range for 4 shard(s)", result.StdErr);
    }

    [Fact]
    public async Task Plan_shows_a_shards_jobs_and_cost()
    {
        var manifest = _fixture.WriteManifest(["cube", "sphere", "cone"], seeds: 2);
        var jobs = RunFixture.Plan(manifest);
        var inShard = jobs.Where(j => FluxBatch.Planning.Shards.ShardSpec.Of(j.Id, 3) == 2).ToList();

        var result = await CliProcess.RunAsync(_fixture.Folder, null, "plan", manifest, "--shard", "2/3", "--format", "jsonl");

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(inShard.Count, lines.Length);
        Assert.All(inShard, j => Assert.Contains(lines, l => l.Contains(j.Id, StringComparison.Ordinal)));
        Assert.Contains($"shard 2/3 (1-based; split by job id): these {inShard.Count} jobs", result.StdErr);
        Assert.Contains(FluxBatch.Manifest.Pricing.UsdText.Format(inShard.Sum(j => j.EstimatedUsd)), result.StdErr);
        Assert.Contains("out.shard-2-of-3", result.StdErr);
    }
}
