using System.Text.Json.Nodes;
using FluxBatch.Execution;
using FluxBatch.Manifest;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using FluxBatch.Runtime.Tests.Support;
using FluxBatch.Scoring;

namespace FluxBatch.Runtime.Tests.Scoring;

/// <summary>Scoring a run folder: journaled, written into sidecars, resumable, and tolerant of what is missing.</summary>
public sealed class RunScoringTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures", name);

    /// <summary>A run folder whose journal has these images downloaded, each with a sidecar holding its prompt.</summary>
    private async Task<RunJournal> RunFolderWith(params (string File, string Fixture, string Prompt)[] images)
    {
        var journal = RunJournal.Open(_dir.Path);
        var index = 0;
        foreach (var (file, fixture, prompt) in images)
        {
            var path = Path.Combine(_dir.Path, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(Fixture(fixture), path);
            File.WriteAllText(JobOutputWriter.SidecarPath(path), new JsonObject { ["job_id"] = "job" + index, ["prompt"] = prompt }.ToJsonString());
            await journal.WriteDurableAsync(new JournalRecord("job" + index, index, JobState.Downloaded, file, 0.05m));
            index++;
        }
        return journal;
    }

    private static JsonObject Sidecar(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(JobOutputWriter.SidecarPath(path)))!;

    [Fact]
    public async Task Every_downloaded_image_is_scored_journaled_and_written_into_its_sidecar()
    {
        await using var journal = await RunFolderWith(
            ("a/headline.png", "headline-20px.png", "A poster, headline \"LIVE AT THE ROUNDHOUSE\""),
            ("a/blank.png", "no-text.png", "A poster, headline \"LIVE AT THE ROUNDHOUSE\""),
            ("b/quiet.png", "no-text.png", "A plain gradient, no words"));
        var scoring = await RunScoring.StartAsync(new RunFolder(_dir.Path), journal.Scores, null);

        var results = await scoring.ScoreRunAsync(journal, null, parallelism: 2);

        Assert.All(results, r => Assert.Equal(ScoreOutcome.Scored, r.Outcome));
        var headline = Sidecar(Path.Combine(_dir.Path, "a/headline.png"))["scores"]!;
        Assert.InRange(headline["text_fidelity"]!.GetValue<double>(), 0.95, 1.0);
        Assert.Equal("LIVE AT THE ROUNDHOUSE", headline["texts"]![0]!["expected"]!.GetValue<string>());
        Assert.Equal("job0", Sidecar(Path.Combine(_dir.Path, "a/headline.png"))["job_id"]!.GetValue<string>()); // the rest is kept
        Assert.Equal(0.0, Sidecar(Path.Combine(_dir.Path, "a/blank.png"))["scores"]!["text_fidelity"]!.GetValue<double>());
        Assert.Equal("no_text_expected", Sidecar(Path.Combine(_dir.Path, "b/quiet.png"))["scores"]!["text_status"]!.GetValue<string>());
        var journaled = journal.Scores.All();
        Assert.Equal(3, journaled.Count);
        Assert.Equal("scored", journaled["job0"].TextStatus);
        Assert.InRange(journaled["job0"].TextMean!.Value, 0.95, 1.0);
        Assert.Null(journaled["job2"].TextMean);
        Assert.True(journaled["job2"].Colourfulness > 10);
    }

    [Fact]
    public async Task Scoring_again_skips_what_is_scored_and_rescores_a_changed_image()
    {
        await using var journal = await RunFolderWith(
            ("one.png", "headline-20px.png", "headline \"LIVE AT THE ROUNDHOUSE\""),
            ("two.png", "headline-12px.png", "headline \"LIVE AT THE ROUNDHOUSE\""));
        var scoring = await RunScoring.StartAsync(new RunFolder(_dir.Path), journal.Scores, null);
        await scoring.ScoreRunAsync(journal, null, parallelism: 2);

        var again = await scoring.ScoreRunAsync(journal, null, parallelism: 2);
        File.Copy(Fixture("no-text.png"), Path.Combine(_dir.Path, "two.png"), overwrite: true);
        var afterChange = await scoring.ScoreRunAsync(journal, null, parallelism: 2);

        Assert.All(again, r => Assert.Equal(ScoreOutcome.Skipped, r.Outcome));
        Assert.Equal(ScoreOutcome.Skipped, afterChange.Single(r => r.JobId == "job0").Outcome);
        var changed = afterChange.Single(r => r.JobId == "job1");
        Assert.Equal(ScoreOutcome.Scored, changed.Outcome);
        Assert.Equal(0.0, changed.Scores!.TextFidelity);
        Assert.Equal(0.0, journal.Scores.Find("job1")!.TextMean);
    }

    [Fact]
    public async Task Images_scored_without_tesseract_are_scored_again_once_it_is_there()
    {
        await using var journal = await RunFolderWith(("one.png", "headline-20px.png", "headline \"LIVE AT THE ROUNDHOUSE\""));
        var folder = new RunFolder(_dir.Path);
        var without = await RunScoring.StartAsync(folder, journal.Scores, null, new ScoringOptions { TesseractPath = Path.Combine(_dir.Path, "missing", "tesseract") });

        var first = Assert.Single(await without.ScoreRunAsync(journal, null, 1));
        var stillWithout = Assert.Single(await without.ScoreRunAsync(journal, null, 1));
        var with = Assert.Single(await (await RunScoring.StartAsync(folder, journal.Scores, null)).ScoreRunAsync(journal, null, 1));

        Assert.Contains("apt-get install tesseract-ocr", without.OcrUnavailable);
        Assert.Equal(TextStatus.OcrUnavailable, first.Scores!.TextStatus);
        Assert.True(first.Scores.Sharpness > 0);
        Assert.Equal(ScoreOutcome.Skipped, stillWithout.Outcome);
        Assert.Equal(ScoreOutcome.Scored, with.Outcome);
        Assert.Equal(TextStatus.Scored, with.Scores!.TextStatus);
    }

    [Fact]
    public async Task A_missing_or_broken_image_is_a_problem_for_that_job_only()
    {
        await using var journal = await RunFolderWith(
            ("gone.png", "headline-20px.png", "\"X\""),
            ("broken.png", "headline-20px.png", "\"X\""),
            ("fine.png", "headline-20px.png", "\"LIVE AT THE ROUNDHOUSE\""));
        File.Delete(Path.Combine(_dir.Path, "gone.png"));
        File.WriteAllText(Path.Combine(_dir.Path, "broken.png"), "not a png");
        var scoring = await RunScoring.StartAsync(new RunFolder(_dir.Path), journal.Scores, null);

        var results = (await scoring.ScoreRunAsync(journal, null, 2)).ToDictionary(r => r.File);

        Assert.Equal(ScoreOutcome.Failed, results["gone.png"].Outcome);
        Assert.Contains("cannot be read", results["gone.png"].Problem);
        Assert.Equal(ScoreOutcome.Failed, results["broken.png"].Outcome);
        Assert.Contains("cannot be decoded", results["broken.png"].Problem);
        Assert.Equal(ScoreOutcome.Scored, results["fine.png"].Outcome);
        Assert.Single(journal.Scores.All());
    }

    [Fact]
    public void Score_text_is_rendered_with_each_jobs_values()
    {
        var read = ManifestReader.Read("m.flux.yaml", """
            prompt: A poster for "{{ band }}" with {{ steps }} steps
            vars: { band: Night Owls, headline: Live at the Roundhouse }
            sweep:
              grid:
                steps: [12, 24]
            score:
              text: |
                {{ headline | string.upcase }}
                {{ band }} / {{ steps }}
            """.ReplaceLineEndings("\n"));
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        var plan = Plan.Create(read.Manifest!);
        var expected = new ExpectedTexts(read.Manifest);

        var perJob = plan.Jobs.Select(job => expected.For(job, null)).ToArray();

        Assert.Equal(["LIVE AT THE ROUNDHOUSE", "Night Owls / 12"], perJob[0]);
        Assert.Equal(["LIVE AT THE ROUNDHOUSE", "Night Owls / 24"], perJob[1]);
        Assert.Equal(["Night Owls"], new ExpectedTexts(read.Manifest! with { Score = null }).For(plan.Jobs.First(), null));
    }

    [Fact]
    public void A_structured_prompt_is_read_leaf_by_leaf()
    {
        var expected = new ExpectedTexts(null);

        Assert.Equal(["OPEN LATE", "Since 1987"],
            expected.For(null, "{\"scene\":\"a shop front with a sign reading \\\"OPEN LATE\\\"\",\"subjects\":[{\"description\":\"a plaque: \\u201CSince 1987\\u201D\"}]}"));
        Assert.Equal(["OPEN LATE"], expected.For(null, "A sign reading \"OPEN LATE\""));
        Assert.Empty(expected.For(null, null));
    }
}
