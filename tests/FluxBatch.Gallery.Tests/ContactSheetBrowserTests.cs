using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FluxBatch.Gallery.Tests.Support;

namespace FluxBatch.Gallery.Tests;

/// <summary>The page as a browser runs it: headless chromium, the DOM after the script ran, and a screenshot.</summary>
public sealed class ContactSheetBrowserTests : IDisposable
{
    private readonly SyntheticRun _run = new();
    private readonly string _page;

    public ContactSheetBrowserTests()
    {
        var sheet = ContactSheet.Build("poster-typography", _run.Jobs, _run.Jobs.Count, ["Outcome: BudgetReached"]);
        _page = ContactSheetWriter.WriteAsync(_run.Path, sheet, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Default_view_is_steps_by_guidance_with_a_section_per_font_and_seed()
    {
        var dom = await LoadAsync();

        var sections = dom.QuerySelectorAll("section.sheet-section");
        var expected = SyntheticRun.Fonts.SelectMany(f => SyntheticRun.Seeds.Select(s => $"font = {f} · seed = {s}")).ToArray();
        Assert.Equal(expected, sections.Select(s => s.QuerySelector("h2")!.TextContent));
        foreach (var section in sections)
        {
            Assert.Equal(SyntheticRun.Guidance, section.QuerySelectorAll("th.col-label").Select(th => th.TextContent));
            Assert.Equal(SyntheticRun.Steps, section.QuerySelectorAll("th.row-label").Select(th => th.TextContent));
            Assert.Equal(SyntheticRun.Steps.Length * SyntheticRun.Guidance.Length, section.QuerySelectorAll("td.cell").Length);
            // steps 12 × guidance 5.5 was excluded: an absent cell, not a missing one and not a job.
            var absent = Assert.Single(section.QuerySelectorAll("td.absent"));
            Assert.Equal("12", absent.ParentElement!.QuerySelector("th.row-label")!.TextContent);
            Assert.Equal(SyntheticRun.Guidance.Length, absent.ParentElement!.Children.Index(absent));
        }
    }

    [Fact]
    public async Task Every_planned_job_has_a_cell_and_unfinished_jobs_are_labelled()
    {
        var dom = await LoadAsync();

        var jobs = dom.QuerySelectorAll(".job");
        Assert.Equal(_run.Jobs.Count, jobs.Length);
        Assert.Equal(_run.Jobs.Select(j => j.Index.ToString()).Order(), jobs.Select(j => j.GetAttribute("data-index")!).Order());
        foreach (var job in _run.Jobs)
        {
            var cell = jobs.Single(j => j.GetAttribute("data-index") == job.Index.ToString());
            Assert.Equal(ContactSheetHtml.StatusKey(job.Status), cell.GetAttribute("data-status"));
            Assert.Contains($"steps = {job.Parameters.Single(p => p.Name == "steps").Text}", cell.GetAttribute("title"));
            if (job.Status == SheetJobStatus.Done)
            {
                var image = cell.QuerySelector("img")!;
                Assert.Equal("lazy", image.GetAttribute("loading"));
                Assert.Equal(ContactSheetHtml.RelativeUrl(job.ImageFile), image.GetAttribute("src"));
                Assert.Equal(ContactSheetHtml.RelativeUrl(job.ImageFile + ".json"), cell.QuerySelector("a.sidecar-link")!.GetAttribute("href"));
            }
            else
            {
                Assert.Null(cell.QuerySelector("img"));
                Assert.Equal(ContactSheetHtml.Label(job.Status), cell.QuerySelector(".status-label")!.TextContent);
                Assert.Equal(job.Reason, cell.QuerySelector(".reason")!.TextContent);
            }
        }
    }

    [Fact]
    public async Task Hostile_values_stay_text()
    {
        var dom = await LoadAsync();

        Assert.Null(dom.Body!.GetAttribute("data-pwned"));
        Assert.Equal("poster-typography · contact sheet", dom.Title);
        Assert.Equal(2, dom.QuerySelectorAll("script").Length); // the data block and the page's own script
        Assert.Empty(dom.QuerySelectorAll("[onerror]"));
        Assert.Empty(dom.QuerySelectorAll(".reason b"));
        Assert.Contains(dom.QuerySelectorAll("section h2"), h => h.TextContent.Contains(SyntheticRun.Hostile, StringComparison.Ordinal));
        Assert.Contains(dom.QuerySelectorAll(".job"), j => j.GetAttribute("title")!.Contains("font = " + SyntheticRun.Hostile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Axes_chosen_in_the_address_rearrange_the_grid()
    {
        var dom = await LoadAsync("#rows=seed&columns=font");

        Assert.Equal("seed", dom.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#row-axis")!.Value);
        var sections = dom.QuerySelectorAll("section.sheet-section");
        Assert.Equal(8, sections.Length); // the 8 (steps, guidance) combinations that are planned
        Assert.Equal("steps = 12 · guidance = 2.5", sections[0].QuerySelector("h2")!.TextContent);
        foreach (var section in sections)
        {
            Assert.Equal(SyntheticRun.Fonts, section.QuerySelectorAll("th.col-label").Select(th => th.TextContent));
            Assert.Equal(SyntheticRun.Seeds, section.QuerySelectorAll("th.row-label").Select(th => th.TextContent));
            Assert.Empty(section.QuerySelectorAll("td.absent"));
        }
        Assert.Equal(["steps", "guidance"], dom.QuerySelectorAll("select.filter").Select(s => s.GetAttribute("data-axis")!));
    }

    [Fact]
    public async Task Screenshot_is_kept_as_a_test_artifact()
    {
        var png = Path.Combine(AppContext.BaseDirectory, "artifacts", "contact-sheet-synthetic.png");

        await HeadlessChromium.ScreenshotAsync(_page, png);

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 10_000, $"screenshot of {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    private async Task<IDocument> LoadAsync(string fragment = "")
    {
        var html = await HeadlessChromium.DumpDomAsync(_page, fragment);
        var dom = await new HtmlParser().ParseDocumentAsync(html);
        Assert.Equal("true", dom.Body!.GetAttribute("data-rendered"));
        return dom;
    }
}
