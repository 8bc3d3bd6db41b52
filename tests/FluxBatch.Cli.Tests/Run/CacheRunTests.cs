using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Gallery;
using FluxBatch.Manifest;
using FluxBatch.Planning;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>The shared cache of paid results end to end (docs/scaling.md): reuse counted by the emulator's submits.</summary>
public sealed class CacheRunTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Dir(string name) => Path.Combine(_fixture.Folder, name);

    [Fact]
    public async Task A_second_run_of_the_poster_example_in_a_new_folder_with_the_cache_submits_nothing()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = Path.Combine(RunFixture.ExamplesFolder(), "poster-typography.flux.yaml");
        var cache = Dir("cache");

        var first = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", Dir("r1"), "--cache", cache));
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(56, emulator.Stats.Submissions);
        Assert.Contains("reused 0 of 56 jobs", first.StdOut);

        var second = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", Dir("r2"), "--cache", cache));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(56, emulator.Stats.Submissions); // nothing submitted
        Assert.Contains("reused 56 of 56 jobs (not submitted, nothing charged), saved $4.396 (estimate)", second.StdOut);

        // Journal: delivered from the cache, nothing charged; the images are the first run's, byte for byte.
        await using (var journal = RunJournal.Open(Dir("r2")))
        {
            var rows = journal.InStates([JobState.Downloaded]).ToList();
            Assert.Equal(56, rows.Count);
            Assert.All(rows, r => Assert.StartsWith("delivered from cache emulator", r.Reason));
            Assert.All(rows, r => Assert.Equal(0m, r.CostUsd));
            Assert.Equal(0m, journal.CommittedSpendUsd());
            Assert.All(rows, r => Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("r1"), r.OutputFile)), File.ReadAllBytes(Path.Combine(Dir("r2"), r.OutputFile))));
        }
        var status = await CliProcess.RunAsync(_fixture.Folder, null, "status", Dir("r2"));
        Assert.Contains("56 delivered from the cache (counted as downloaded, nothing charged), saving $4.396", status.StdOut);
        Assert.Contains("\"from_cache\":56", (await CliProcess.RunAsync(_fixture.Folder, null, "status", Dir("r2"), "--format", "json")).StdOut);

        // The contact sheet still shows every job done, with its image.
        var read = ManifestReader.ReadFile(manifest);
        var plan = Plan.Create(read.Manifest! with { Budget = null });
        var sheet = await RunContactSheet.BuildAsync(new RunJobs(Dir("r2")), plan, new ContactSheetOptions(), null, CancellationToken.None);
        Assert.Equal(56, sheet.Jobs.Count(j => j.Status == SheetJobStatus.Done));
        Assert.True(File.Exists(Path.Combine(Dir("r2"), "index.html")));

        // A resume in that folder submits nothing either, and the sidecars say where the image came from.
        var third = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", Dir("r2"), "--cache", cache));
        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Equal(56, emulator.Stats.Submissions);
        Assert.Contains("\"from_cache\": \"emulator\"", File.ReadAllText(Directory.EnumerateFiles(Dir("r2"), "*.png.json", SearchOption.AllDirectories).First()));
    }

    [Fact]
    public async Task Emulator_results_never_answer_a_real_providers_job_and_no_cache_bypasses_it()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube", "sphere"], seeds: 2);
        var cache = Dir("cache");
        Assert.Equal(0, (await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", Dir("e"), "--cache", cache))).ExitCode);
        Assert.Equal(8, emulator.Stats.Submissions);

        // The same jobs sent as BFL (to a server that happens to be an emulator): another namespace, so all are submitted.
        var bfl = await CliProcess.RunAsync(_fixture.Folder, new Dictionary<string, string> { ["BFL_API_KEY"] = LocalKey },
            ["run", manifest, "--poll-interval", "0.01", "--provider", "bfl", "--base-url", emulator.BaseUrl.ToString(), "--out", Dir("b"), "--cache", cache]);
        Assert.True(bfl.ExitCode == 0, bfl.Output);
        Assert.Equal(16, emulator.Stats.Submissions);
        Assert.Contains("reused 0 of 8", bfl.StdOut);
        Assert.True(Directory.Exists(Path.Combine(cache, "emulator")));
        Assert.True(Directory.Exists(Path.Combine(cache, $"bfl-127.0.0.1_{emulator.BaseUrl.Port}")));

        // --no-cache neither reuses nor stores.
        var bypass = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, emulator, "--out", Dir("n"), "--cache", cache, "--no-cache"));
        Assert.True(bypass.ExitCode == 0, bypass.Output);
        Assert.Equal(24, emulator.Stats.Submissions);
        Assert.DoesNotContain("reused", bypass.StdOut);
    }

    [Fact]
    public async Task The_default_cache_stays_off_for_the_emulator_and_the_manifests_cache_key_turns_it_on()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var manifest = _fixture.WriteManifest(["cube"], seeds: 2);
        var home = Dir("home");
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string>(EmulatorKey()) { ["HOME"] = home, ["XDG_CACHE_HOME"] = Path.Combine(home, "xdg") };

        Assert.Equal(0, (await CliProcess.RunAsync(_fixture.Folder, env, RunArgs(manifest, emulator, "--out", Dir("a")))).ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(home)); // nothing in the user's cache folder

        // `cache: shared` in the manifest: relative to the manifest's folder.
        File.AppendAllText(manifest, "\ncache: shared\n");
        Assert.Equal(0, (await CliProcess.RunAsync(_fixture.Folder, env, RunArgs(manifest, emulator, "--out", Dir("b")))).ExitCode);
        Assert.Equal(8, emulator.Stats.Submissions);
        var again = await CliProcess.RunAsync(_fixture.Folder, env, RunArgs(manifest, emulator, "--out", Dir("c")));
        Assert.Equal(8, emulator.Stats.Submissions);
        Assert.Contains($"cache {Path.Combine(_fixture.Folder, "shared", "emulator")}: reused 4 of 4 jobs", again.StdOut);
    }
}
