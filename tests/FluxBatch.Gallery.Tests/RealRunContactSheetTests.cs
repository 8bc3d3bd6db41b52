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
[Collection(EmulatorRunCollection.Name)]
public sealed class RealRunContactSheetTests(EmulatorRun run)
{
    private const string Moderated = EmulatorRun.Moderated;
    private const string Deco = EmulatorRun.Deco;
    private const string Hostile = EmulatorRun.Hostile;

    [Fact]
    public async Task Every_planned_job_has_a_labelled_cell_in_a_steps_by_guidance_grid_per_font()
    {
        Assert.Equal(RunOutcome.BudgetReached, run.Report.Outcome);
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
        var jobs = run.Plan.Jobs.ToList();
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
                Assert.True(File.Exists(Path.Combine(run.RunDirectory, src)), $"{src} is not in the run folder");
                Assert.True(File.Exists(Path.Combine(run.RunDirectory, Uri.UnescapeDataString(cell.QuerySelector("a.sidecar-link")!.GetAttribute("href")!))));
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

        await HeadlessChromium.ScreenshotAsync(run.Page, png);

        Assert.True(new FileInfo(png).Length > 10_000);
    }

    private async Task<IDocument> LoadAsync()
    {
        var dom = await new HtmlParser().ParseDocumentAsync(await HeadlessChromium.DumpDomAsync(run.Page));
        Assert.Equal("true", dom.Body!.GetAttribute("data-rendered"));
        return dom;
    }

    [Fact]
    public async Task Gallery_command_rewrites_the_sheet_from_the_folder_alone()
    {
        var copy = Path.Combine(Path.GetDirectoryName(run.RunDirectory)!, "copy-" + Guid.NewGuid().ToString("N"));
        CopyFolder(run.RunDirectory, copy);
        File.Delete(Path.Combine(copy, ContactSheetWriter.FileName));

        var result = await Fluxbatch.RunAsync("gallery", copy);

        Assert.Equal(0, result.ExitCode);
        var html = await File.ReadAllTextAsync(Path.Combine(copy, ContactSheetWriter.FileName));
        Assert.Contains("<h1 id=\"sheet-title\">gallery-check</h1>", html, StringComparison.Ordinal);
        Assert.Contains("24 jobs:", html, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>The tests that read <see cref="EmulatorRun"/>'s folders share one pair of runs.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorRunCollection : ICollectionFixture<EmulatorRun>
{
    public const string Name = "emulator run";
}

/// <summary>
/// The runs behind the real-run tests, made once on the emulator with their contact sheets written: run A (moderated,
/// failed and budget-skipped jobs, a hostile font) and run B, the same cells with the prompt changed, for compare.
/// </summary>
public sealed class EmulatorRun : IAsyncLifetime
{
    public const string Moderated = "grotesk [[task.content-moderated]]";
    public const string Deco = "art deco serif";
    public const string Hostile = "</script><script>document.body.setAttribute('data-pwned','1')</script><b>bold</b><img src=x onerror=document.body.setAttribute('data-pwned','2')>";

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

    // Run B: the prompt changed, a smaller sweep (so some cells of A have no partner), no faults, no budget.
    private static readonly string ManifestB = $$$"""
        name: gallery-check-b
        prompt: "A bold poster in {{ font }} lettering"
        defaults: { width: 256, height: 256, output_format: png }
        sweep:
          grid:
            font: ["{{{Deco}}}", "{{{Hostile.Replace("\"", "\\\"")}}}"]
            steps: [12, 24]
            guidance: [2.5, 4.0]
        seeds: { base: 7, count: 1 }
        output:
          file: "{{ index }}/s{{ steps }} g{{ guidance }}.png"
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-gallery-run-");
    public string RunDirectory { get; private set; } = "";

    public string Page { get; private set; } = "";

    public Plan Plan { get; private set; } = null!;

    public RunReport Report { get; private set; } = null!;

    public string RunDirectoryB { get; private set; } = "";

    public Plan PlanB { get; private set; } = null!;

    public string ManifestPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions(), CancellationToken.None);
        var choice = new ProviderChoice(ProviderKind.Emulator, emulator.BaseUrl, ApiKey.Generate(), false, "test");
        using var provider = ProviderSelector.Create(choice, emulator.BaseUrl);

        (ManifestPath, Plan) = await PlanAsync("gallery-check.flux.yaml", Manifest);
        RunDirectory = Path.Combine(_work.FullName, Plan.RunDirectory);
        var perJob = Plan.Jobs.First().EstimatedUsd;
        var options = new ExecutorOptions { Concurrency = 1, BudgetUsd = perJob * 12.5m, PollInterval = TimeSpan.FromMilliseconds(10) };
        Report = await new BatchExecutor(provider, new RunContext(Plan.Manifest.Name, new RunFolder(RunDirectory), Plan.Count), options)
            .RunAsync(Plan.Jobs, CancellationToken.None);
        Page = await RunContactSheet.WriteAsync(RunDirectory, Plan);

        (_, PlanB) = await PlanAsync("gallery-check-b.flux.yaml", ManifestB);
        RunDirectoryB = Path.Combine(_work.FullName, PlanB.RunDirectory);
        await new BatchExecutor(provider, new RunContext(PlanB.Manifest.Name, new RunFolder(RunDirectoryB), PlanB.Count),
                new ExecutorOptions { Concurrency = 4, PollInterval = TimeSpan.FromMilliseconds(10) })
            .RunAsync(PlanB.Jobs, CancellationToken.None);
        await RunContactSheet.WriteAsync(RunDirectoryB, PlanB);
    }

    private async Task<(string Path, Plan Plan)> PlanAsync(string fileName, string yaml)
    {
        var manifestPath = Path.Combine(_work.FullName, fileName);
        await File.WriteAllTextAsync(manifestPath, yaml);
        var read = ManifestReader.ReadFile(manifestPath);
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        var plan = Plan.Create(read.Manifest);
        Assert.False(plan.IsRefused, string.Join("\n", plan.Diagnostics));
        return (manifestPath, plan);
    }

    /// <summary>A scratch folder inside the fixture's, removed with it.</summary>
    public string Scratch(string name) => Directory.CreateDirectory(Path.Combine(_work.FullName, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }

}
