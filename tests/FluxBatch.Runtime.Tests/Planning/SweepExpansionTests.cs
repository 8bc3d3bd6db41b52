using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using static FluxBatch.Runtime.Tests.Planning.SpecBuilder;

namespace FluxBatch.Runtime.Tests.Planning;

public class SweepExpansionTests
{
    [Fact]
    public void Grid_is_enumerated_in_manifest_order_with_the_last_axis_fastest_then_zip_groups()
    {
        var spec = Sweep(
            grid: [Axis("font", "sans", "serif"), Axis("steps", 12, 24)],
            zip: [Zip(Axis("product", "Cola", "Tea"), Axis("headline", "FUTURE", "CALM"))]);

        var texts = SweepExpansion.Create(spec).Enumerate().Select(c => c.Text()).ToArray();

        Assert.Equal(
            [
                "font=sans, steps=12, product=Cola, headline=FUTURE",
                "font=sans, steps=12, product=Tea, headline=CALM",
                "font=sans, steps=24, product=Cola, headline=FUTURE",
                "font=sans, steps=24, product=Tea, headline=CALM",
                "font=serif, steps=12, product=Cola, headline=FUTURE",
                "font=serif, steps=12, product=Tea, headline=CALM",
                "font=serif, steps=24, product=Cola, headline=FUTURE",
                "font=serif, steps=24, product=Tea, headline=CALM",
            ],
            texts);
    }

    [Fact]
    public void A_sweep_without_axes_is_one_empty_combination()
    {
        var expansion = SweepExpansion.Create(Sweep());

        Assert.Equal(1, expansion.Count);
        Assert.Empty(Assert.Single(expansion.Enumerate()));
    }

    [Fact]
    public void An_empty_axis_empties_the_product()
    {
        var expansion = SweepExpansion.Create(Sweep(grid: [Axis("steps", 10, 20), Axis("guidance")]));

        Assert.Equal(0, expansion.Count);
        Assert.Empty(expansion.Enumerate());
    }

    [Fact]
    public void Exclude_drops_entries_matching_all_its_keys_and_numbers_match_by_value()
    {
        var spec = Sweep(
            grid: [Axis("steps", 12, 24, 50), Axis("guidance", 2.5m, 4.0m, 8.5m)],
            exclude: [Combo(("steps", 12), ("guidance", 8.5m)), Combo(("guidance", 4))]);

        var expansion = SweepExpansion.Create(spec);
        var texts = expansion.Enumerate().Select(c => c.Text()).ToArray();

        Assert.Equal(
            ["steps=12, guidance=2.5", "steps=24, guidance=2.5", "steps=24, guidance=8.5", "steps=50, guidance=2.5", "steps=50, guidance=8.5"],
            texts);
        Assert.Equal(5, expansion.Count);
    }

    [Fact]
    public void Exclude_naming_a_zip_axis_drops_the_whole_zip_step()
    {
        var spec = Sweep(
            grid: [Axis("guidance", 3, 5)],
            zip: [Zip(Axis("product", "Cola", "Tea"), Axis("headline", "A", "B"))],
            exclude: [Combo(("headline", "B"), ("guidance", 5))]);

        var expansion = SweepExpansion.Create(spec);

        Assert.Equal(3, expansion.Count);
        Assert.DoesNotContain(expansion.Enumerate(), c => c.Text() == "guidance=5, product=Tea, headline=B");
    }

    [Fact]
    public void Exclude_with_an_unknown_key_matches_nothing()
    {
        var spec = Sweep(grid: [Axis("steps", 1, 2)], exclude: [Combo(("steps", 1), ("nope", 1))]);

        Assert.Equal(2, SweepExpansion.Create(spec).Count);
    }

    [Fact]
    public void Include_is_appended_and_duplicates_of_planned_combinations_are_skipped()
    {
        var spec = Sweep(
            grid: [Axis("guidance", 3, 5)],
            zip: [Zip(Axis("product", "Cola", "Tea"), Axis("headline", "A", "B"))],
            include:
            [
                Combo(("product", "Tea"), ("headline", "LIMITED"), ("guidance", 7)),
                Combo(("guidance", 3.0m), ("headline", "A"), ("product", "Cola")),
                Combo(("product", "Tea"), ("headline", "LIMITED"), ("guidance", 7)),
            ]);

        var expansion = SweepExpansion.Create(spec);
        var all = expansion.Enumerate().ToArray();

        Assert.Equal(5, expansion.Count);
        Assert.Equal(5, all.Length);
        Assert.Equal(SweepSource.Include, all[^1].Source);
        Assert.Equal("product=Tea, headline=LIMITED, guidance=7", all[^1].Text());
    }

    [Fact]
    public void Include_that_equals_an_excluded_entry_brings_it_back()
    {
        var spec = Sweep(
            grid: [Axis("steps", 1, 2)],
            exclude: [Combo(("steps", 2))],
            include: [Combo(("steps", 2))]);

        Assert.Equal(["steps=1", "steps=2"], SweepExpansion.Create(spec).Enumerate().Select(c => c.Text()));
    }

    [Fact]
    public void Include_only_sweep_plans_just_the_includes()
    {
        var spec = Sweep(include: [Combo(("steps", 4)), Combo(("steps", 8))]);

        Assert.Equal(2, SweepExpansion.Create(spec).Count);
    }

    [Fact]
    public void Counting_a_trillion_combinations_with_excludes_does_not_enumerate()
    {
        // 10^12 entries: enumerating would take hours, so this only passes if counting is combinatorial.
        var spec = Sweep(
            grid: [IntAxis("a", 0, 1000), IntAxis("b", 0, 1000), IntAxis("c", 0, 1000), IntAxis("d", 0, 1000)],
            exclude: [Combo(("a", 1)), Combo(("a", 1), ("b", 2)), Combo(("b", 3), ("c", 4))]);

        var expansion = SweepExpansion.Create(spec);

        // |a=1| + |b=3,c=4| - |a=1,b=3,c=4| (a=1,b=2 lies inside a=1).
        Assert.Equal(1_000_000_000_000L - 1_000_000_000L - 1_000_000L + 1_000L, expansion.Count);
    }

    [Fact]
    public void Inclusion_exclusion_fallback_agrees_with_enumeration_on_a_wide_constrained_space()
    {
        // Five constrained axes of 20 values exceed the enumeration limit (3.2M > 2^20), forcing inclusion-exclusion.
        var axes = Enumerable.Range(0, 5).Select(i => IntAxis("x" + i, 0, 20)).ToArray();
        var excludes = new[]
        {
            Combo(("x0", 1)), Combo(("x1", 2)), Combo(("x2", 3), ("x0", 1)), Combo(("x3", 4), ("x4", 5)), Combo(("x4", 5)),
        };
        var expansion = SweepExpansion.Create(Sweep(grid: axes, exclude: excludes));

        // Complement: x0≠1, x1≠2, x4≠5 (x3/x4 and x2 rules are implied), x2 and x3 free.
        Assert.Equal(19L * 19 * 20 * 20 * 19, expansion.Count);
    }

    [Fact]
    public void Count_with_excludes_equals_the_number_enumerated()
    {
        var spec = Sweep(
            grid: [IntAxis("a", 0, 6), IntAxis("b", 0, 5)],
            zip: [Zip(IntAxis("c", 0, 4), IntAxis("d", 10, 4))],
            exclude: [Combo(("a", 1)), Combo(("b", 2), ("d", 11)), Combo(("a", 1), ("c", 3)), Combo(("a", 4), ("b", 4), ("c", 0))]);

        var expansion = SweepExpansion.Create(spec);

        Assert.Equal(expansion.Enumerate().LongCount(), expansion.Count);
        Assert.Equal(6 * 5 * 4 - (5 * 4) - (5 * 1) - 1, expansion.Count);
    }

    [Fact]
    public void Enumeration_is_lazy_on_a_huge_product()
    {
        var spec = Sweep(grid: [IntAxis("a", 0, 10_000), IntAxis("b", 0, 10_000), IntAxis("c", 0, 10_000)]);

        var first = SweepExpansion.Create(spec).Enumerate().Take(3).Select(c => c.Text()).ToArray();

        Assert.Equal(["a=0, b=0, c=0", "a=0, b=0, c=1", "a=0, b=0, c=2"], first);
    }
}
