using System.Globalization;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Planning;
using OpenQA.Selenium;

namespace FluxBatch.Gallery.Tests;

/// <summary>
/// <c>fluxbatch compare</c> of two real emulator runs (the prompt changed between them), used in chromium through
/// WebDriver: cells matched by parameters and seed side by side, the lightbox with both images and its arrows,
/// picks exported and read back, the table of time and cost for both, hostile values as text.
/// </summary>
[Collection(EmulatorRunCollection.Name)]
public sealed class ComparePageBrowserTests(EmulatorRun run) : IDisposable
{
    private readonly Browser _browser = new();

    public void Dispose() => _browser.Dispose();

    [Fact]
    public async Task Compare_pairs_cells_by_parameters_and_seed_with_lightbox_picks_and_a_table()
    {
        var page = await CompareAsync();
        _browser.Open(page);
        var a = run.Plan.Jobs.ToList();
        var b = run.PlanB.Jobs.ToList();
        var partners = a.ToDictionary(j => j.Id, j => b.SingleOrDefault(k => SameCell(j, k)));
        var onlyB = b.Count(k => !a.Any(j => SameCell(j, k)));

        var pairs = _browser.FindAll(".job.pair");
        Assert.Equal(a.Count + onlyB, pairs.Count);
        Assert.Equal(a.Count + onlyB, _browser.FindAll("table.compare-table tbody tr").Count);
        foreach (var job in a)
        {
            var pair = _browser.Find($".job.pair[data-id^='{job.Id}|']");
            var partner = partners[job.Id];
            Assert.Equal(job.Id + "|" + (partner?.Id ?? "-"), pair.GetAttribute("data-id"));
            Assert.Equal("seed " + job.Request.Seed!.Value.ToString(CultureInfo.InvariantCulture), pair.FindElement(By.CssSelector(".seed")).Text);
            Assert.Equal(partner is null ? 0 : 1, pair.FindElements(By.CssSelector(".side[data-run='B']")).Count);
        }
        Assert.Contains(partners.Values, p => p is not null);

        // The lightbox shows both runs' images of a cell; the arrows move along the grid.
        var start = Job(a, EmulatorRun.Deco, 12, 2.5m);
        _browser.Find($".job.pair[data-id^='{start.Id}|'] .side[data-run='A'] button.thumb").Click();
        AssertShows(start, partners[start.Id]!);
        _browser.Press(Keys.ArrowRight);
        var next = Job(a, EmulatorRun.Deco, 12, 4.0m);
        AssertShows(next, partners[next.Id]!);
        _browser.Press(Keys.Escape);

        // Time and cost per cell, for both runs.
        var row = _browser.Find($"table.compare-table tr[data-id^='{start.Id}|']");
        Assert.EndsWith(" s", row.FindElement(By.CssSelector("td.time.a")).Text, StringComparison.Ordinal);
        Assert.EndsWith(" s", row.FindElement(By.CssSelector("td.time.b")).Text, StringComparison.Ordinal);
        Assert.StartsWith("$", row.FindElement(By.CssSelector("td.cost.b")).Text.TrimStart('~'), StringComparison.Ordinal);

        // Picks, exported and pasted into a next manifest.
        foreach (var job in new[] { start, next })
            _browser.Find($".job.pair[data-id^='{job.Id}|'] .star").Click();
        _browser.Find("#export-picks").Click();
        PicksYaml.AssertReadsBack(File.ReadAllText(_browser.WaitForDownload("picks.yaml")), [start, next]);

        Assert.Null(_browser.Find("body").GetAttribute("data-pwned"));
        Assert.Equal(2, _browser.FindAll("script").Count);
        Assert.Empty(_browser.FindAll("[onerror]"));
        Assert.Empty(_browser.FindAll("#sheet b, #compare b, #lightbox b"));
        Assert.Contains(_browser.FindAll("table.compare-table td"), td => td.Text == EmulatorRun.Hostile);
    }

    [Fact]
    public async Task Compare_without_a_recorded_manifest_is_invalid_input()
    {
        var empty = run.Scratch("empty-run");

        var result = await Fluxbatch.RunAsync("compare", run.RunDirectory, empty);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("records no manifest", result.Errors, StringComparison.Ordinal);
    }

    private async Task<string> CompareAsync()
    {
        var output = run.Scratch("compare");
        var result = await Fluxbatch.RunAsync("compare", run.RunDirectory, run.RunDirectoryB, "--out", output);
        Assert.True(result.ExitCode == 0, result.Output + result.Errors);
        return Path.Combine(output, ContactSheetWriter.FileName);
    }

    private void AssertShows(PlannedJob a, PlannedJob b)
    {
        var sides = _browser.FindAll("#lightbox .lightbox-side");
        Assert.Equal(2, sides.Count);
        Assert.Equal(a.Request.Prompt, sides[0].FindElement(By.CssSelector(".prompt")).Text);
        Assert.Equal(b.Request.Prompt, sides[1].FindElement(By.CssSelector(".prompt")).Text);
        Assert.EndsWith(ContactSheetHtml.RelativeUrl(a.OutputFile), sides[0].FindElement(By.CssSelector("img.lightbox-image")).GetAttribute("src")!, StringComparison.Ordinal);
        Assert.EndsWith(ContactSheetHtml.RelativeUrl(b.OutputFile), sides[1].FindElement(By.CssSelector("img.lightbox-image")).GetAttribute("src")!, StringComparison.Ordinal);
        Assert.Contains("gallery-check-b", sides[1].FindElement(By.CssSelector("h3")).Text, StringComparison.Ordinal);
    }

    /// <summary>The same cell in both runs: the same font, steps, guidance and seed (the prompt may differ).</summary>
    private static bool SameCell(PlannedJob a, PlannedJob b) =>
        Font(a) == Font(b) && a.Request.Steps == b.Request.Steps && a.Request.Guidance == b.Request.Guidance && a.Request.Seed == b.Request.Seed;

    private static PlannedJob Job(IEnumerable<PlannedJob> jobs, string font, int steps, decimal guidance) =>
        jobs.Single(j => Font(j) == font && j.Request.Steps == steps && j.Request.Guidance == guidance);

    private static string Font(PlannedJob job) => (string)job.Parameters.Single(p => p.Key == "font").Value;
}
