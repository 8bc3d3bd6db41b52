using System.Globalization;
using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Planning;
using OpenQA.Selenium;

namespace FluxBatch.Gallery.Tests;

/// <summary>
/// The contact sheet of a real emulator run, used as a person uses it, in chromium driven by WebDriver: a cell's
/// facts, the lightbox and its arrow keys, stars kept across a reload, "Export picks" read back by the manifest
/// reader, the charts' points against the run, and hostile values that never run.
/// </summary>
[Collection(EmulatorRunCollection.Name)]
public sealed class SweepReportBrowserTests(EmulatorRun run) : IDisposable
{
    private readonly Browser _browser = new();

    public void Dispose() => _browser.Dispose();

    [Fact]
    public void Each_cell_shows_its_seed_generation_time_and_cost_as_text()
    {
        _browser.Open(run.Page);

        foreach (var job in run.Plan.Jobs)
        {
            var cell = _browser.Find($".job[data-index='{job.Index}']");
            Assert.Equal("seed " + job.Request.Seed!.Value.ToString(CultureInfo.InvariantCulture), cell.FindElement(By.CssSelector(".seed")).Text);
            if (cell.GetAttribute("data-status") != "done")
                continue;
            var sidecar = Sidecar(job);
            var seconds = (sidecar.Timings.ReadyAt!.Value - sidecar.Timings.SubmittedAt!.Value).TotalSeconds;
            var shown = cell.FindElement(By.CssSelector(".gen")).Text;
            Assert.EndsWith(" s", shown, StringComparison.Ordinal);
            Assert.Equal(seconds, double.Parse(shown[..^2], CultureInfo.InvariantCulture), 0.0061 + (seconds >= 10 ? 0.05 : 0)); // shown to 0.01 s (from the 1 ms the page holds)
            var cost = sidecar.CostUsd is { } reported ? Money(reported) : "~" + Money(sidecar.EstimatedUsd) + " est.";
            Assert.Equal(cost, cell.FindElement(By.CssSelector(".cost")).Text);
        }
        // The axes are labelled by name, the values beside them.
        var section = _browser.Find("section.sheet-section");
        Assert.Equal("guidance →", section.FindElement(By.CssSelector("th.col-axis")).Text);
        Assert.Equal("steps ↓", section.FindElement(By.CssSelector("th.row-axis")).Text);
        Assert.Equal($"font = {EmulatorRun.Moderated}", section.FindElement(By.CssSelector("h2")).Text);
    }

    [Fact]
    public void Lightbox_shows_the_full_image_the_prompt_and_every_parameter_and_arrows_move_along_the_grid()
    {
        _browser.Open(run.Page);
        var start = Job(EmulatorRun.Deco, 12, 2.5m);

        _browser.Find($".job[data-index='{start.Index}'] button.thumb").Click();

        var box = _browser.Find("#lightbox");
        Assert.True(box.Displayed);
        AssertShows(start);
        _browser.Press(Keys.ArrowRight);
        AssertShows(Job(EmulatorRun.Deco, 12, 4.0m));
        _browser.Press(Keys.ArrowDown);
        AssertShows(Job(EmulatorRun.Deco, 24, 4.0m)); // the failed cell: the lightbox says so
        Assert.Contains("failed", _browser.Find("#lightbox .lightbox-side .placeholder").Text, StringComparison.Ordinal);
        _browser.Press(Keys.ArrowDown);
        _browser.Press(Keys.ArrowLeft);
        AssertShows(Job(EmulatorRun.Deco, 50, 2.5m));
        _browser.Press(Keys.ArrowLeft); // the edge of the grid: it stays
        AssertShows(Job(EmulatorRun.Deco, 50, 2.5m));
        _browser.Press(Keys.Escape);
        Assert.False(box.Displayed);
    }

    [Fact]
    public void Two_stars_persist_across_a_reload_and_export_as_yaml_the_manifest_reader_reads_back()
    {
        _browser.Open(run.Page);
        var picked = new[] { Job(EmulatorRun.Deco, 12, 4.0m), Job(EmulatorRun.Deco, 50, 5.5m) };

        foreach (var job in picked)
            _browser.Find($".job[data-index='{job.Index}'] .star").Click();
        _browser.Open(run.Page); // stars come back from localStorage
        Assert.Equal(picked.Select(j => j.Id).Order(), _browser.FindAll(".star[aria-pressed='true']").Select(s => s.GetAttribute("data-id")).Order());
        Assert.Equal("2 picks", _browser.Find("#pick-count").Text);
        _browser.Find("#export-picks").Click();

        var yaml = File.ReadAllText(_browser.WaitForDownload("picks.yaml"));
        Assert.Equal(yaml, _browser.Find("#picks-yaml").GetAttribute("textContent"));
        PicksYaml.AssertReadsBack(yaml, picked);
    }

    [Fact]
    public async Task Charts_have_a_point_per_axis_value_with_images_and_one_per_paid_job()
    {
        _browser.Open(run.Page);
        var done = run.Plan.Jobs.Where(j => File.Exists(Path.Combine(run.RunDirectory, j.OutputFile))).ToList();

        foreach (var axis in new[] { "font", "steps", "guidance" })
        {
            var values = done.Select(j => PlannedJobView.Text(Value(j, axis))).Distinct().Count();
            foreach (var measure in new[] { "time", "cost" })
                Assert.Equal(values, _browser.FindAll($"figure.chart[data-measure='{measure}'][data-axis='{axis}'] circle.median").Count);
        }
        // Medians of generation time by steps, recomputed from the sidecars.
        foreach (var group in done.GroupBy(j => j.Request.Steps))
        {
            var times = group.Select(j => Sidecar(j)).Select(s => (s.Timings.ReadyAt!.Value - s.Timings.SubmittedAt!.Value).TotalSeconds).Order().ToArray();
            var median = times.Length % 2 == 1 ? times[times.Length / 2] : (times[(times.Length / 2) - 1] + times[times.Length / 2]) / 2;
            var dot = _browser.Find($"figure.chart[data-measure='time'][data-axis='steps'] circle.median[data-value='{group.Key}']");
            Assert.Equal(median, double.Parse(dot.GetAttribute("data-median")!, CultureInfo.InvariantCulture), 0.0006); // the page has them to 1 ms
        }
        Assert.Equal(await PaidJobsAsync(), _browser.FindAll("figure.chart[data-measure='spend'] circle.spend").Count);
    }

    [Fact]
    public void Hostile_values_never_run_in_any_new_field()
    {
        _browser.Open(run.Page);
        var hostile = run.Plan.Jobs.First(j => (string)Value(j, "font") == EmulatorRun.Hostile && File.Exists(Path.Combine(run.RunDirectory, j.OutputFile)));

        _browser.Find($".job[data-index='{hostile.Index}'] .star").Click(); // into the picks YAML
        _browser.Find($".job[data-index='{hostile.Index}'] button.thumb").Click(); // into the lightbox: prompt, parameters
        Assert.Equal(hostile.Request.Prompt, _browser.Find("#lightbox .prompt").Text);
        Assert.Contains(_browser.FindAll("#lightbox table.params td"), td => td.Text == EmulatorRun.Hostile);
        Assert.Contains(EmulatorRun.Hostile, _browser.Find("#picks-yaml").GetAttribute("textContent"), StringComparison.Ordinal);
        Assert.Contains(_browser.FindAll("figure.chart[data-axis='font'] title"), t => t.GetAttribute("textContent")!.Contains(EmulatorRun.Hostile, StringComparison.Ordinal));

        Assert.Null(_browser.Find("body").GetAttribute("data-pwned"));
        Assert.Equal(2, _browser.FindAll("script").Count);
        Assert.Empty(_browser.FindAll("[onerror]"));
        Assert.Empty(_browser.FindAll("#sheet b, #lightbox b, #charts b, #picks-box b"));
    }

    private void AssertShows(PlannedJob job)
    {
        var box = _browser.Find("#lightbox");
        Assert.Equal(job.Index.ToString(CultureInfo.InvariantCulture), box.GetAttribute("data-index"));
        var rows = _browser.FindAll("#lightbox table.params tr")
            .ToDictionary(tr => tr.FindElement(By.TagName("th")).Text, tr => tr.FindElement(By.TagName("td")).Text);
        Assert.Equal(job.Request.Steps!.Value.ToString(CultureInfo.InvariantCulture), rows["steps"]);
        Assert.Equal(PlannedJobView.Text(job.Request.Guidance), rows["guidance"]);
        Assert.Equal(job.Request.Seed!.Value.ToString(CultureInfo.InvariantCulture), rows["seed"]);
        Assert.Equal("256", rows["width"]);
        Assert.Equal("flux-2-flex", rows["model"]);
        Assert.Equal(job.Id, rows["job id"]);
        Assert.Equal(job.Request.Prompt, _browser.Find("#lightbox .prompt").Text);
        if (File.Exists(Path.Combine(run.RunDirectory, job.OutputFile)))
        {
            var src = _browser.Find("#lightbox img.lightbox-image").GetAttribute("src")!;
            Assert.EndsWith(ContactSheetHtml.RelativeUrl(job.OutputFile), src, StringComparison.Ordinal);
        }
    }

    /// <summary>Money as the page writes it: four decimals under 10 cents, else two.</summary>
    private static string Money(decimal usd) => "$" + usd.ToString(usd is > 0m and < 0.1m ? "0.0000" : "0.00", CultureInfo.InvariantCulture);

    private PlannedJob Job(string font, int steps, decimal guidance) =>
        run.Plan.Jobs.Single(j => (string)Value(j, "font") == font && j.Request.Steps == steps && j.Request.Guidance == guidance);

    private static object Value(PlannedJob job, string name) => job.Parameters.Single(p => p.Key == name).Value;

    private Outputs.ImageSidecar Sidecar(PlannedJob job) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(run.RunDirectory, job.OutputFile + ".json")), Outputs.OutputJsonContext.Default.ImageSidecar)!;

    /// <summary>Jobs that cost something, from the journal: a reported cost above 0, or an image with no cost reported.</summary>
    private async Task<int> PaidJobsAsync()
    {
        await using var journal = RunJournal.Open(run.RunDirectory);
        return run.Plan.Jobs.Select(j => journal.Find(j.Id)).Count(r => r is { CostUsd: > 0m } || r is { State: JobState.Downloaded, CostUsd: null });
    }
}
