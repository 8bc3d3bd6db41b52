using System.Globalization;
using FluxBatch.Manifest;
using FluxBatch.Planning;
using FluxBatch.Runtime.Tests.Support;
using FluxBatch.Snapshots;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Runtime.Tests.Snapshots;

/// <summary>
/// The summary line on top of a snapshot diff, from real plans: each kind of edit a manifest gets is named for what
/// it is. No figure depends on a particular seed value (the seed derivation may change).
/// </summary>
public sealed class PlanSnapshotChangeTests
{
    private const string Poster = """
        name: poster
        prompt: A poster for {{ band }} in {{ font }} lettering
        vars: { band: Night Owls }
        sweep:
          grid:
            font: [sans, serif]
            steps: [12, 24, 50]
            guidance: [2.5, 4.0]
        seeds: { base: 2026, count: 2 }
        """;

    [Fact]
    public void Changing_one_axis_value_removes_and_adds_its_jobs_and_prices_the_difference()
    {
        var before = Snapshot(Poster);
        var after = Snapshot(Poster.Replace("[12, 24, 50]", "[12, 24, 40]"));

        var change = PlanSnapshotChange.Between(before, after);

        // 2 fonts x 2 guidance x 2 seeds = 8 jobs at steps 50 replaced by 8 at steps 40.
        Assert.Equal((8, 8, 0), (change.Added, change.Removed, change.Changed));
        Assert.Equal(0m, change.CostDeltaUsd); // flex is priced by megapixels, not steps
        Assert.Equal("+8 jobs, −8 jobs", change.ToString());
    }

    [Fact]
    public void Adding_an_axis_value_adds_jobs_and_their_cost()
    {
        var before = Snapshot(Poster);
        var after = Snapshot(Poster.Replace("[2.5, 4.0]", "[2.5, 4.0, 5.5]"));
        var added = PlanOf(Poster.Replace("[2.5, 4.0]", "[2.5, 4.0, 5.5]")).TotalEstimateUsd - PlanOf(Poster).TotalEstimateUsd;

        var change = PlanSnapshotChange.Between(before, after);

        Assert.Equal("+12 jobs, cost +" + UsdText.Format(added), change.ToString());
    }

    [Fact]
    public void Editing_a_var_changes_every_prompt_in_place()
    {
        var change = PlanSnapshotChange.Between(Snapshot(Poster), Snapshot(Poster.Replace("Night Owls", "The Quiet Ones")));

        // The var is the same in every job on each side: it names no place, so the 24 jobs changed rather than left.
        Assert.Equal((0, 0, 24, 24), (change.Added, change.Removed, change.Changed, change.PromptsChanged));
        Assert.StartsWith("24 prompts changed", change.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_seed_base_changes_seeds_not_prompts()
    {
        var change = PlanSnapshotChange.Between(Snapshot(Poster), Snapshot(Poster.Replace("base: 2026", "base: 7")));

        Assert.Equal((0, 0, 24, 0, 24), (change.Added, change.Removed, change.Changed, change.PromptsChanged, change.SeedsChanged));
        Assert.Equal("24 seeds changed", change.ToString());
    }

    [Fact]
    public void A_budget_change_is_named_in_the_header_changes()
    {
        var change = PlanSnapshotChange.Between(Snapshot(Poster + "\nbudget: { max_usd: 5 }\n"), Snapshot(Poster + "\nbudget: { max_usd: 6 }\n"));

        Assert.Equal("budget $5.00 → $6.00", change.ToString());
    }

    [Fact]
    public void A_request_field_changed_in_every_job_is_a_change_in_other_fields()
    {
        var change = PlanSnapshotChange.Between(Snapshot(Poster), Snapshot(Poster + "\ndefaults: { width: 512 }\n"));

        Assert.Equal((24, 24), (change.Changed, change.ChangedOtherwise));
        Assert.StartsWith("24 jobs changed in other fields", change.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_text_is_the_same_under_another_culture()
    {
        var plan = PlanOf(Poster);
        var invariant = plan.ToSnapshotText();
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, plan.ToSnapshotText());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Contains("guidance=2.5", invariant, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_check_writes_received_with_the_summary_and_accept_clears_it()
    {
        using var dir = new TempDir();
        var file = new SnapshotFile(Path.Combine(dir.Path, "T.M.verified.txt"));
        Assert.Null(file.Compare("same\n") is { } first ? null : "unreachable");

        file.Accept(Snapshot(Poster));
        var mismatch = file.Compare(Snapshot(Poster.Replace("[12, 24, 50]", "[12, 24]")));

        Assert.NotNull(mismatch);
        Assert.StartsWith("−8 jobs, cost −$", mismatch.Summary, StringComparison.Ordinal);
        Assert.Contains("- job ", mismatch.Diff, StringComparison.Ordinal);
        Assert.True(File.Exists(file.ReceivedPath));
        Assert.Contains(mismatch.Summary + "\n", mismatch.Report(), StringComparison.Ordinal);
        Assert.Null(file.Compare(Snapshot(Poster)));
        Assert.False(File.Exists(file.ReceivedPath));
    }

    [Theory]
    [InlineData("1", null, true)]
    [InlineData("1", "true", false)]
    [InlineData("1", "TRUE", false)]
    [InlineData(null, null, false)]
    [InlineData("yes", null, false)]
    public void Accepting_from_the_environment_never_happens_on_ci(string? accept, string? ci, bool accepted)
    {
        var environment = new Dictionary<string, string?> { [SnapshotFile.AcceptVariable] = accept, ["CI"] = ci };

        Assert.Equal(accepted, SnapshotFile.AcceptRequested(name => environment.GetValueOrDefault(name)));
    }

    private static Plan PlanOf(string yaml) =>
        Plan.Create(ManifestReader.Read("poster.flux.yaml", yaml).Manifest ?? throw new InvalidOperationException("invalid test manifest"));

    private static string Snapshot(string yaml) => PlanOf(yaml).ToSnapshotText();
}
