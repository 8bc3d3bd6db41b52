using System.Text.Json.Nodes;
using FluxBatch.Cli.Tests.Run;
using FluxBatch.Execution;

namespace FluxBatch.Cli.Tests.Score;

/// <summary><c>fluxbatch score RUNDIR</c> end to end: a run on the embedded emulator, then its images scored.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string WriteManifest(string extra = "")
    {
        var path = Path.Combine(_fixture.Folder, "scored.flux.yaml");
        File.WriteAllText(path, """
            name: scored
            prompt: A {{ subject }} poster, headline "OPEN LATE"
            defaults: { width: 64, height: 64, output_format: png, prompt_upsampling: false }
            sweep:
              grid:
                subject: [cube, sphere]
                steps: [4, 8]
            seeds: { base: 5, count: 1 }
            output: { dir: out, file: "{{ subject }}-{{ steps }}.png" }
            """.ReplaceLineEndings("\n") + extra);
        return path;
    }

    private IEnumerable<JsonNode> ScoresInSidecars() =>
        Directory.GetFiles(_fixture.RunDir, "*.png.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!["scores"]!);

    [Fact]
    public async Task It_scores_every_image_journals_it_writes_sidecars_and_skips_them_next_time()
    {
        var run = await CliProcess.RunAsync(_fixture.Folder, null, "run", WriteManifest());
        Assert.True(run.ExitCode == 0, run.Output);

        var first = await CliProcess.RunAsync(_fixture.Folder, null, "score", _fixture.RunDir, "--parallel", "2");
        var second = await CliProcess.RunAsync(_fixture.Folder, null, "score", _fixture.RunDir);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Matches(@"images scored now\s*│\s*4", first.StdOut);
        Assert.Matches(@"steps\s*│\s*4\s*│\s*2", first.StdOut); // the per-axis table, from the recorded manifest
        Assert.Equal(4, ScoresInSidecars().Count());
        Assert.All(ScoresInSidecars(), s => Assert.Equal("scored", s["text_status"]!.GetValue<string>()));
        await using (var journal = RunJournal.Open(_fixture.RunDir))
            Assert.Equal(4, journal.Scores.All().Count);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Matches(@"already scored \(skipped\)\s*│\s*4", second.StdOut);
    }

    [Fact]
    public async Task Without_tesseract_it_names_the_package_and_still_scores_sharpness_and_colourfulness()
    {
        var run = await CliProcess.RunAsync(_fixture.Folder, null, "run", WriteManifest());
        Assert.True(run.ExitCode == 0, run.Output);

        var result = await CliProcess.RunAsync(_fixture.Folder, null, "score", _fixture.RunDir, "--tesseract", Path.Combine(_fixture.Folder, "no", "tesseract"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("apt-get install tesseract-ocr", result.Output);
        Assert.All(ScoresInSidecars(), s =>
        {
            Assert.Equal("ocr_unavailable", s["text_status"]!.GetValue<string>());
            Assert.NotNull(s["sharpness"]);
            Assert.NotNull(s["colourfulness"]);
        });
    }

    [Fact]
    public async Task With_score_in_the_manifest_the_run_scores_each_image_as_it_arrives()
    {
        var manifest = WriteManifest("\nscore: { text: \"{{ subject | string.upcase }}\" }\n");

        var run = await CliProcess.RunAsync(_fixture.Folder, null, "run", manifest);
        var rerun = await CliProcess.RunAsync(_fixture.Folder, null, "score", _fixture.RunDir);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Scored 4 images", run.StdOut);
        Assert.Equal(["CUBE", "CUBE", "SPHERE", "SPHERE"], ScoresInSidecars().Select(s => s["texts"]![0]!["expected"]!.GetValue<string>()).Order());
        Assert.Matches(@"already scored \(skipped\)\s*│\s*4", rerun.StdOut);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_run_is_invalid_input()
    {
        var result = await CliProcess.RunAsync(_fixture.Folder, null, "score", Path.Combine(_fixture.Folder, "nothing-here"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a fluxbatch run folder", result.StdErr);
    }
}
