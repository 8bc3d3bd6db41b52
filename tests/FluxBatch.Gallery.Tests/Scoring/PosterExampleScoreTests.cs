using System.Globalization;
using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using FluxBatch.Scoring;

namespace FluxBatch.Gallery.Tests.Scoring;

/// <summary>
/// The README's poster example (examples/poster-typography.flux.yaml, 56 images of 1024×1536) run on the emulator
/// and scored with Tesseract: the emulator letters the prompt's quoted text crisper with more steps, so the mean text
/// fidelity over seeds, fonts and guidance rises with steps, in the scores and in the sheet's heat map.
/// </summary>
public sealed class PosterExampleScoreTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-poster-score-");
    private readonly Browser _browser = new();

    public void Dispose()
    {
        _browser.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Text_fidelity_rises_with_steps_on_average_across_seeds_and_the_heat_map_shows_it()
    {
        var read = ManifestReader.ReadFile(Repository.PathOf("examples", "poster-typography.flux.yaml"));
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        var plan = Plan.Create(read.Manifest);
        var runDirectory = Path.Combine(_work.FullName, "run");
        await using (var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Latency = LatencySpec.EmbeddedDefault }, CancellationToken.None))
        {
            var choice = new ProviderChoice(ProviderKind.Emulator, emulator.BaseUrl, ApiKey.Generate(), false, "test");
            using var provider = ProviderSelector.Create(choice, emulator.BaseUrl);
            var report = await new BatchExecutor(provider, new RunContext(plan.Manifest.Name, new RunFolder(runDirectory), plan.Count),
                    new ExecutorOptions { Concurrency = 8, PollInterval = TimeSpan.FromMilliseconds(20) })
                .RunAsync(plan.Jobs, CancellationToken.None);
            Assert.Equal(56, report.Downloaded);
        }

        IReadOnlyList<ScoredImage> scored;
        await using (var journal = RunJournal.Open(runDirectory))
        {
            var scoring = await RunScoring.StartAsync(new RunFolder(runDirectory), journal.Scores, plan.Manifest);
            Assert.Null(scoring.OcrUnavailable);
            scored = await scoring.ScoreRunAsync(journal, plan, Environment.ProcessorCount);
        }

        var byId = scored.ToDictionary(s => s.JobId, s => s.Scores!.TextFidelity!.Value);
        var bySteps = plan.Jobs.GroupBy(j => j.Request.Steps!.Value).OrderBy(g => g.Key)
            .Select(g => (Steps: g.Key, Mean: g.Average(j => byId[j.Id]))).ToArray();
        var means = string.Join(", ", bySteps.Select(s => $"{s.Steps}: {s.Mean:0.000}"));
        Assert.Equal([12, 24, 50], bySteps.Select(s => s.Steps));
        Assert.True(bySteps[0].Mean < bySteps[1].Mean && bySteps[1].Mean < bySteps[2].Mean, "mean text fidelity by steps: " + means);

        // The sheet's heat map, steps down and guidance across: the mean of each row (weighted by its images) rises too.
        var page = await RunContactSheet.WriteAsync(runDirectory, plan);
        _browser.Open(page);
        var rows = _browser.FindAll("#heatmap rect.heat-cell")
            .Select(r => (Row: int.Parse(r.GetAttribute("data-row")!, CultureInfo.InvariantCulture),
                Mean: double.Parse(r.GetAttribute("data-mean")!, CultureInfo.InvariantCulture),
                Count: int.Parse(r.GetAttribute("data-count")!, CultureInfo.InvariantCulture)))
            .GroupBy(r => r.Row).OrderBy(g => g.Key)
            .Select(g => g.Sum(r => r.Mean * r.Count) / g.Sum(r => r.Count)).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.True(rows[0] < rows[1] && rows[1] < rows[2], "heat map rows: " + string.Join(", ", rows));
        Assert.Equal(bySteps.Select(s => s.Mean), rows, new ToleranceComparer(1e-3));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
