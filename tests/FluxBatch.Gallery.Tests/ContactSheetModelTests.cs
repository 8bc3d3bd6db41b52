using FluxBatch.Gallery.Tests.Support;

namespace FluxBatch.Gallery.Tests;

public sealed class ContactSheetModelTests
{
    private static SheetJob Job(long index, params (string Name, string Text)[] parameters) =>
        new(index, "id" + index, parameters.Select(p => new SheetParameter(p.Name, p.Text)).ToArray(), $"{index}.png", SheetJobStatus.Done, null);

    [Fact]
    public void Axes_are_the_values_that_vary_numbers_sorted_text_in_plan_order()
    {
        var jobs = new[]
        {
            Job(0, ("band", "Owls"), ("font", "serif"), ("guidance", "8.5")),
            Job(1, ("band", "Owls"), ("font", "sans"), ("guidance", "10")),
            Job(2, ("band", "Owls"), ("font", "serif"), ("guidance", "2.5")),
        };

        var axes = SheetAxis.Find(jobs);

        Assert.Equal(["font", "guidance"], axes.Select(a => a.Name));
        Assert.Equal(["serif", "sans"], axes[0].Values);
        Assert.Equal(["2.5", "8.5", "10"], axes[1].Values);
    }

    [Fact]
    public void A_value_missing_from_some_jobs_makes_an_axis_with_an_unset_value()
    {
        var axes = SheetAxis.Find([Job(0, ("steps", "12")), Job(1)]);

        Assert.Equal(["12", SheetAxis.Unset], Assert.Single(axes).Values);
    }

    [Theory]
    [InlineData(null, null, "steps", "guidance")]
    [InlineData("seed", null, "seed", "steps")]
    [InlineData("guidance", "steps", "guidance", "steps")]
    [InlineData("nope", "steps", "guidance", "steps")]
    [InlineData("seed", "seed", "seed", "steps")]
    public void Rows_and_columns_default_to_steps_by_guidance(string? rows, string? columns, string expectedRows, string expectedColumns)
    {
        var axes = new[] { new SheetAxis("seed", ["1", "2"]), new SheetAxis("guidance", ["1", "2"]), new SheetAxis("steps", ["1", "2"]) };

        Assert.Equal((expectedRows, expectedColumns), ContactSheet.ChooseAxes(axes, rows, columns));
    }

    [Fact]
    public void Without_the_preferred_axes_the_first_two_found_are_used_and_one_axis_leaves_no_columns()
    {
        Assert.Equal(("font", "seed"), ContactSheet.ChooseAxes([new SheetAxis("font", ["a", "b"]), new SheetAxis("seed", ["1", "2"])], null, null));
        Assert.Equal(("font", null), ContactSheet.ChooseAxes([new SheetAxis("font", ["a", "b"])], null, null));
        Assert.Equal((null, null), ContactSheet.ChooseAxes([], null, null));
    }

    [Fact]
    public void A_cut_sheet_says_how_many_jobs_it_shows()
    {
        using var run = new SyntheticRun();

        var sheet = ContactSheet.Build("t", run.Jobs, 1000, [], new ContactSheetOptions(MaxJobs: 10));

        Assert.Equal(10, sheet.Jobs.Count);
        Assert.Equal(1000, sheet.TotalJobs);
        Assert.Equal("Showing the first 10 of 1,000 jobs.", Assert.Single(sheet.Notes));
    }

    [Fact]
    public void Embedded_json_cannot_close_its_script_element()
    {
        using var run = new SyntheticRun();
        var sheet = ContactSheet.Build("</script>", run.Jobs, run.Jobs.Count, ["<b>note</b>"]);

        var json = ContactSheetHtml.DataJson(sheet);
        var html = ContactSheetHtml.Render(sheet);

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E", json, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"sheet-title\">&lt;/script&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"note\">&lt;b&gt;note&lt;/b&gt;</p>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<script").Length - 1);
        Assert.Equal(2, html.Split("</script>").Length - 1);
    }

    [Fact]
    public void Every_new_field_is_escaped_in_the_sheet_and_the_compare_page()
    {
        using var run = new SyntheticRun();
        var sheet = ContactSheet.Build("t", run.Jobs, run.Jobs.Count, []) with { RunKey = "</script>" };
        var comparison = RunComparison.Match(sheet, sheet);

        foreach (var json in new[] { ContactSheetHtml.DataJson(sheet), ComparePage.DataJson(comparison, "../a b/", "../<b>/") })
        {
            Assert.DoesNotContain("<", json, StringComparison.Ordinal);
            Assert.DoesNotContain(">", json, StringComparison.Ordinal);
            using var data = System.Text.Json.JsonDocument.Parse(json);
            var sides = data.RootElement.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("sides").EnumerateArray()).ToList();
            // The hostile text survives exactly in prompt, request fields and task id: escaped, not dropped.
            Assert.Contains(sides, s => s.GetProperty("prompt").GetString()!.Contains(SyntheticRun.Hostile, StringComparison.Ordinal));
            Assert.Contains(sides, s => s.GetProperty("task").GetString() == "task-" + SyntheticRun.Hostile);
            Assert.Contains(sides, s => s.GetProperty("request")[1][1].GetString() == SyntheticRun.Hostile);
            Assert.Contains("</script>", data.RootElement.GetProperty("key").GetString()!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compare_matches_cells_by_shared_parameters_and_seed()
    {
        using var run = new SyntheticRun();
        var a = ContactSheet.Build("a", run.Jobs, run.Jobs.Count, []);
        // B: steps not swept (as flux-2-pro takes none), one seed changed.
        var bJobs = run.Jobs.Where(j => j.Parameters.Single(p => p.Name == "steps").Text == "24")
            .Select(j => j with { Id = "b" + j.Id, Parameters = j.Parameters.Where(p => p.Name != "steps").ToArray(), Seed = j.Index == 6 ? 1 : j.Seed })
            .ToList();
        var b = ContactSheet.Build("b", bJobs, bJobs.Count, []);

        var comparison = RunComparison.Match(a, b);

        foreach (var cell in comparison.Cells.Where(c => c.A is not null))
        {
            var partner = bJobs.FirstOrDefault(j => j.Seed == cell.A!.Seed
                && j.Parameters.All(p => cell.A.Parameters.Single(q => q.Name == p.Name).Text == p.Text));
            Assert.Equal(partner?.Id, cell.B?.Id);
        }
        Assert.Single(comparison.Cells, c => c.A is null); // the changed seed's B job has no partner
        Assert.Equal("a vs b", comparison.Title);
    }

    [Fact]
    public void Counts_line_names_every_status_present()
    {
        using var run = new SyntheticRun();

        var line = ContactSheetHtml.CountsLine(ContactSheet.Build("t", run.Jobs, run.Jobs.Count, []));

        Assert.Equal("32 jobs: 27 done · 1 failed · 1 moderated · 1 in doubt · 2 not run", line);
    }

    [Theory]
    [InlineData("a/b c.png", "a/b%20c.png")]
    [InlineData("s12 g2.5 #1?.png", "s12%20g2.5%20%231%3F.png")]
    [InlineData("dir\\x.png", "dir/x.png")]
    public void Image_paths_become_relative_urls(string path, string url) =>
        Assert.Equal(url, ContactSheetHtml.RelativeUrl(path));
}
