using System.Globalization;
using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using OpenQA.Selenium;

namespace FluxBatch.Gallery.Tests;

/// <summary>
/// Scores on the contact sheet, in chromium: each cell's scores, the heat map of mean text fidelity over the chosen
/// axes with its spread, ordering and filtering by score, "pick best per column", and the scores in export. The
/// scores are set by the test (the scorer itself is tested in FluxBatch.Runtime.Tests/Scoring), so every expected
/// number is known.
/// </summary>
public sealed class ScoredSheetBrowserTests(ScoredRun run) : IClassFixture<ScoredRun>, IDisposable
{
    private readonly Browser _browser = new();

    public void Dispose() => _browser.Dispose();

    private static string Text(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public void Each_cell_shows_its_text_fidelity_sharpness_and_colourfulness()
    {
        _browser.Open(run.Page);

        foreach (var job in run.Plan.Jobs)
        {
            var cell = _browser.Find($".job[data-index='{job.Index}']");
            Assert.Equal("text " + Text(run.TextOf(job)), cell.FindElement(By.CssSelector(".text-score")).Text);
            Assert.Equal("sharp " + (100 + job.Index), cell.FindElement(By.CssSelector(".sharp-score")).Text);
            Assert.Equal("colour 40", cell.FindElement(By.CssSelector(".colour-score")).Text);
        }
    }

    [Fact]
    public void The_heat_map_shows_mean_text_fidelity_over_steps_by_guidance_with_the_seed_spread_and_follows_the_axes()
    {
        _browser.Open(run.Page);

        var cells = _browser.FindAll("#heatmap rect.heat-cell");
        Assert.Equal(6, cells.Count); // 3 steps × 2 guidance
        foreach (var group in run.Plan.Jobs.GroupBy(j => (j.Request.Steps, j.Request.Guidance)))
        {
            var rect = cells.Single(c => c.GetAttribute("data-row") == group.Key.Steps.ToString() &&
                c.GetAttribute("data-col") == group.Key.Guidance!.Value.ToString("0.0", CultureInfo.InvariantCulture));
            var values = group.Select(run.TextOf).ToArray();
            Assert.Equal(values.Average(), double.Parse(rect.GetAttribute("data-mean")!, CultureInfo.InvariantCulture), 4);
            Assert.Equal(values.Min(), double.Parse(rect.GetAttribute("data-min")!, CultureInfo.InvariantCulture), 6);
            Assert.Equal(values.Max(), double.Parse(rect.GetAttribute("data-max")!, CultureInfo.InvariantCulture), 6);
            Assert.Equal("2", rect.GetAttribute("data-count"));
        }
        Assert.Contains("mean text fidelity by steps × guidance", _browser.Find("#heatmap figcaption").Text);

        _browser.Find("#row-axis option[value='seed_number']").Click();
        Assert.Equal(4, _browser.FindAll("#heatmap rect.heat-cell").Count); // 2 seeds × 2 guidance
    }

    [Fact]
    public void Ordering_by_text_fidelity_lists_every_image_best_first_and_the_floor_hides_the_weaker_ones()
    {
        _browser.Open(run.Page);

        _browser.Find("#sort-by option[value='text']").Click();
        var order = _browser.FindAll("ol.ranked-list .job").Select(j => long.Parse(j.GetAttribute("data-index")!, CultureInfo.InvariantCulture)).ToArray();
        var expected = run.Plan.Jobs.OrderByDescending(run.TextOf).ThenBy(j => j.Index).Select(j => j.Index).ToArray();
        Assert.Equal(expected, order);

        _browser.Find("#sort-by option[value='']").Click();
        var floor = _browser.Find("#min-text");
        floor.Clear();
        floor.SendKeys("0.7");
        var shown = _browser.FindAll("main .job").Select(j => long.Parse(j.GetAttribute("data-index")!, CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(run.Plan.Jobs.Where(j => run.TextOf(j) >= 0.7).Select(j => j.Index).Order().ToArray(), shown);
    }

    [Fact]
    public void Pick_best_per_column_stars_the_best_image_of_each_guidance_column_in_each_section()
    {
        _browser.Open(run.Page);
        _browser.Script("localStorage.clear();");
        _browser.Open(run.Page);

        _browser.Find("#pick-best").Click();

        var picked = _browser.FindAll(".star[aria-pressed='true']").Select(s => s.GetAttribute("data-id")).Order().ToArray();
        // Sections are the other axis (seed_number); columns are guidance: the best over steps in each.
        var expected = run.Plan.Jobs
            .GroupBy(j => (Seed: j.Index % 2, j.Request.Guidance))
            .Select(g => g.OrderByDescending(run.TextOf).First().Id)
            .Order().ToArray();
        Assert.Equal(expected, picked);
        Assert.Equal($"{expected.Length} picks", _browser.Find("#pick-count").Text);
    }

    [Fact]
    public async Task Export_carries_the_scores_of_each_job()
    {
        using var csv = new StringWriter();
        await RunExport.WriteAsync(run.RunDirectory, run.Plan, ExportFormat.Csv, csv);
        using var jsonl = new StringWriter();
        await RunExport.WriteAsync(run.RunDirectory, run.Plan, ExportFormat.Jsonl, jsonl);

        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, "text_fidelity");
        Assert.True(column >= 0, lines[0]);
        Assert.Contains("sharpness", header);
        foreach (var (job, line) in run.Plan.Jobs.Zip(lines.Skip(1)))
        {
            Assert.Equal(run.TextOf(job), double.Parse(line.Split(',')[column], CultureInfo.InvariantCulture), 4);
        }
        var first = System.Text.Json.JsonDocument.Parse(jsonl.ToString().Split('\n')[0]).RootElement.GetProperty("scores");
        Assert.Equal(run.TextOf(run.Plan.Jobs.First()), first.GetProperty("text_fidelity").GetDouble(), 4);
        Assert.Equal("scored", first.GetProperty("text_status").GetString());
    }
}

/// <summary>
/// A small emulator run (3 steps × 2 guidance × 2 seeds) whose journal gets known scores: text fidelity rises with
/// steps and guidance and differs by seed, sharpness is 100 + index, colourfulness 40.
/// </summary>
public sealed class ScoredRun : IAsyncLifetime
{
    private const string Manifest = """
        name: scored-sheet
        prompt: A poster reading "OPEN LATE"
        defaults: { width: 64, height: 64, output_format: png, prompt_upsampling: false }
        sweep:
          grid:
            steps: [12, 24, 50]
            guidance: [2.5, 4.0]
        seeds: { base: 3, count: 2 }
        output:
          file: "s{{ steps }}-g{{ guidance }}-{{ seed }}.png"
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-scored-sheet-");

    public Plan Plan { get; private set; } = null!;

    public string RunDirectory { get; private set; } = "";

    public string Page { get; private set; } = "";

    /// <summary>The text fidelity this fixture gave the job.</summary>
    public double TextOf(PlannedJob job) =>
        Math.Round(job.Request.Steps!.Value / 100.0 + (double)job.Request.Guidance!.Value / 25.0 + (job.Index % 2) * 0.07, 4);

    public async Task InitializeAsync()
    {
        var manifestPath = Path.Combine(_work.FullName, "scored-sheet.flux.yaml");
        await File.WriteAllTextAsync(manifestPath, Manifest);
        var read = ManifestReader.ReadFile(manifestPath);
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        Plan = Plan.Create(read.Manifest);
        RunDirectory = Path.Combine(_work.FullName, Plan.RunDirectory);

        await using (var emulator = await EmulatorServer.StartAsync(new EmulatorOptions(), CancellationToken.None))
        {
            var choice = new ProviderChoice(ProviderKind.Emulator, emulator.BaseUrl, ApiKey.Generate(), false, "test");
            using var provider = ProviderSelector.Create(choice, emulator.BaseUrl);
            await new BatchExecutor(provider, new RunContext(Plan.Manifest.Name, new RunFolder(RunDirectory), Plan.Count),
                    new ExecutorOptions { Concurrency = 4, PollInterval = TimeSpan.FromMilliseconds(10) })
                .RunAsync(Plan.Jobs, CancellationToken.None);
        }

        using (var scores = RunJournalScores.Open(RunDirectory))
        {
            foreach (var job in Plan.Jobs)
            {
                var text = TextOf(job);
                scores.Write(new ScoreRecord(job.Id, "sha", "key", "scored", text, text, 100 + job.Index, 40, "{}", DateTimeOffset.UnixEpoch));
            }
        }
        Page = await RunContactSheet.WriteAsync(RunDirectory, Plan);
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
