using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Gallery.Tests;

/// <summary>
/// A real run against the emulator on 127.0.0.1 (moderated, failed and budget-skipped jobs included), then its
/// contact sheet in headless chromium: every planned job has its labelled cell, images link to files on disk,
/// and a hostile axis value stays text.
/// </summary>
public sealed class RealRunContactSheetTests : IAsyncLifetime
{
    private const string Moderated = "grotesk [[task.content-moderated]]";
    private const string Deco = "art deco serif";
    private const string Hostile = "</script><script>document.body.setAttribute('data-pwned','1')</script><b>bold</b>";

    // Moderated first: those jobs are refunded, so the budget below runs the deco jobs and part of the hostile ones.
    private static readonly string Manifest = $$$"""
        # yaml-language-server: $schema=../docs/manifest.schema.json
        name: gallery-check
        prompt: "A poster in {{ font }} lettering{{ if font == '{{{Deco}}}' && steps == 24 && guidance == 4 }} [[task.error]]{{ end }}"
        defaults: { width: 256, height: 256, output_format: png }
        sweep:
          grid:
            font: ["{{{Moderated}}}", "{{{Deco}}}", "{{{Hostile.Replace("\"", "\\\"")}}}"]
            steps: [12, 24, 50]
            guidance: [2.5, 4.0, 5.5]
          exclude:
            - { steps: 12, guidance: 5.5 }
        seeds: { base: 7, count: 1 }
        output:
          file: "{{ index }}/s{{ steps }} g{{ guidance }}.png"
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-gallery-run-");
    private string _runDirectory = "";
    private string _page = "";
    private Plan _plan = null!;
    private RunReport _report = null!;

    public async Task InitializeAsync()
    {
        var manifestPath = Path.Combine(_work.FullName, "gallery-check.flux.yaml");
        await File.WriteAllTextAsync(manifestPath, Manifest);
        var read = ManifestReader.ReadFile(manifestPath);
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        _plan = Planner.Create(read.Manifest);
        Assert.False(_plan.IsRefused, string.Join("\n", _plan.Diagnostics));

        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions(), CancellationToken.None);
        var choice = new ProviderChoice(ProviderKind.Emulator, emulator.BaseUrl, ApiKey.Generate(), false, "test");
        using var provider = ProviderSelector.Create(choice, emulator.BaseUrl);
        _runDirectory = Path.Combine(_work.FullName, _plan.RunDirectory);
        var perJob = _plan.Jobs.First().EstimatedUsd;
        var options = new ExecutorOptions { Concurrency = 1, BudgetUsd = perJob * 12.5m, PollInterval = TimeSpan.FromMilliseconds(10) };
        _report = await new BatchExecutor(provider, new RunContext(_plan.Manifest.Name, new RunFolder(_runDirectory), _plan.Count), options)
            .RunAsync(_plan.Jobs, CancellationToken.None);

        _page = await RunContactSheet.WriteAsync(_runDirectory, _plan);
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_planned_job_has_a_labelled_cell_in_a_steps_by_guidance_grid_per_font()
    {
        Assert.Equal(RunOutcome.BudgetReached, _report.Outcome);
        var dom = await LoadAsync();

        var sections = dom.QuerySelectorAll("section.sheet-section");
        Assert.Equal([$"font = {Moderated}", $"font = {Deco}", $"font = {Hostile}"], sections.Select(s => s.QuerySelector("h2")!.TextContent));
        foreach (var section in sections)
        {
            Assert.Equal(["2.5", "4.0", "5.5"], section.QuerySelectorAll("th.col-label").Select(th => th.TextContent));
            Assert.Equal(["12", "24", "50"], section.QuerySelectorAll("th.row-label").Select(th => th.TextContent));
            Assert.Single(section.QuerySelectorAll("td.absent")); // the excluded combination
        }

        var cells = dom.QuerySelectorAll(".job").ToDictionary(j => long.Parse(j.GetAttribute("data-index")!));
        var jobs = _plan.Jobs.ToList();
        Assert.Equal(jobs.Count, cells.Count);
        var lastDone = jobs.Where(j => cells[j.Index].GetAttribute("data-status") == "done").Max(j => j.Index);
        foreach (var job in jobs)
        {
            var cell = cells[job.Index];
            var font = (string)job.Parameters.Single(p => p.Key == "font").Value;
            var expected = font == Moderated ? "moderated"
                : font == Deco && job.Request is { Steps: 24, Guidance: 4.0m } ? "failed"
                : job.Index > lastDone ? "not-run"
                : "done";
            Assert.Equal(expected, cell.GetAttribute("data-status"));
            if (expected == "done")
            {
                var src = Uri.UnescapeDataString(cell.QuerySelector("img")!.GetAttribute("src")!);
                Assert.True(File.Exists(Path.Combine(_runDirectory, src)), $"{src} is not in the run folder");
                Assert.True(File.Exists(Path.Combine(_runDirectory, Uri.UnescapeDataString(cell.QuerySelector("a.sidecar-link")!.GetAttribute("href")!))));
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(cell.QuerySelector(".status-label")!.TextContent));
            }
        }
        Assert.Contains(cells.Values, c => c.GetAttribute("data-status") == "not-run");
        Assert.Contains(cells.Values, c => c.GetAttribute("data-status") == "not-run" && c.QuerySelector(".reason")!.TextContent == "budget reached");
    }

    [Fact]
    public async Task The_hostile_font_stays_text()
    {
        var dom = await LoadAsync();

        Assert.Null(dom.Body!.GetAttribute("data-pwned"));
        Assert.Equal(2, dom.QuerySelectorAll("script").Length);
        Assert.Empty(dom.QuerySelectorAll("main b"));
        Assert.Contains(dom.QuerySelectorAll(".job"), j => j.GetAttribute("title")!.Contains("font = " + Hostile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Screenshot_is_kept_as_a_test_artifact()
    {
        var png = Path.Combine(AppContext.BaseDirectory, "artifacts", "contact-sheet.png");

        await HeadlessChromium.ScreenshotAsync(_page, png);

        Assert.True(new FileInfo(png).Length > 10_000);
    }

    private async Task<IDocument> LoadAsync()
    {
        var dom = await new HtmlParser().ParseDocumentAsync(await HeadlessChromium.DumpDomAsync(_page));
        Assert.Equal("true", dom.Body!.GetAttribute("data-rendered"));
        return dom;
    }
}
