using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>The shipped examples run end to end on the embedded emulator and leave exactly what their plans say.</summary>
public sealed class ExampleRunTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("seeded-16.flux.yaml")]
    [InlineData("multi-reference.flux.yaml")]
    public async Task An_example_runs_end_to_end_with_every_image_and_sidecar_matching_its_plan(string example)
    {
        var manifest = Path.Combine(RunFixture.ExamplesFolder(), example);
        var jobs = RunFixture.Plan(manifest);

        var result = await CliProcess.RunAsync(_fixture.Folder, null, RunArgs(manifest, null, "--out", _fixture.RunDir));

        Assert.True(result.ExitCode == 0, result.Output);
        _fixture.AssertImagesMatchPlan(jobs);
        Assert.Equal(jobs.Count, _fixture.Summary().Downloaded);
    }
}
