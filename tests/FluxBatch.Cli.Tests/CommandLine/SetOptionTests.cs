using System.Text.Json;
using FluxBatch.Cli.Tests.Run;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary><c>--set PATH=VALUE</c> on plan and run: applied like an edit of the file, checked like the manifest, errors at the option.</summary>
public sealed class SetOptionTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Plan_applies_every_set_as_an_edit_of_the_manifest()
    {
        var manifest = _fixture.WriteManifest(["cube", "sphere"], seeds: 2);

        var result = await CliProcess.RunAsync(_fixture.Folder, null,
            ["plan", manifest, "--format", "jsonl", "--set", "defaults.width=512", "--set", "seeds.count=1", "--set", "sweep.grid.steps=[8,16]"]);

        Assert.True(result.ExitCode == 0, result.Output);
        var jobs = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, jobs.Count); // 2 subjects x 2 steps x 1 seed
        Assert.All(jobs, j => Assert.Equal(512, j.GetProperty("width").GetInt32()));
        Assert.Equal([8, 16, 8, 16], jobs.Select(j => j.GetProperty("steps").GetInt32()));
    }

    [Theory]
    [InlineData("seeds.count=abc", "--set seeds.count=abc:1:13: error FLUX1004: `seeds.count` must be an integer")]
    [InlineData("defaults.widht=512", "--set defaults.widht=512:1:10: error FLUX1003: Unknown key `widht` in defaults; did you mean `width`?")]
    [InlineData("sweep.grid.steps=[8, 99]", "--set sweep.grid.steps=[8, 99]:1:22: error FLUX1008: `steps` is 99, but must be from 1 to 50")]
    [InlineData("defaults.width.x=1", "--set defaults.width.x=1:1:1: error FLUX1004: `defaults.width` must be a mapping to set `x` in it")]
    [InlineData("width", "--set width:1:1: error FLUX1004: `--set` must be PATH=VALUE")]
    public async Task A_bad_set_is_reported_at_the_option_and_nothing_runs(string set, string error)
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);

        foreach (var command in new[] { "plan", "run" })
        {
            var result = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), [command, manifest, "--set", set]);

            Assert.True(result.ExitCode == 2, result.Output);
            Assert.Equal(error, result.StdErr.Split('\n')[0][..error.Length]);
            Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(Directory.Exists(_fixture.RunDir), $"{command} --set {set} created the run folder");
        }
    }

    [Fact]
    public async Task Run_runs_the_plan_with_the_sets_applied()
    {
        var manifest = _fixture.WriteManifest(["cube", "sphere"], seeds: 2);

        var result = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, null, "--set", "seeds.count=1", "--set", "sweep.grid.subject=[cube]"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(2, ImagesIn(_fixture.RunDir)); // 1 subject x 2 steps x 1 seed
    }
}
