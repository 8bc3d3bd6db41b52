using CsCheck;
using FluxBatch.Manifest.Model;
using FluxBatch.Planning;
using static FluxBatch.Runtime.Tests.Planning.ManifestBuilder;
using static FluxBatch.Runtime.Tests.Planning.SpecBuilder;

namespace FluxBatch.Runtime.Tests.Planning;

public class PlannerTests
{
    [Fact]
    public void Jobs_follow_sweep_order_with_each_combinations_seeds_consecutive()
    {
        var plan = Plan.Create(Spec());
        var jobs = plan.Jobs.ToArray();

        Assert.Equal(4, plan.Count);
        Assert.Equal([0L, 1, 2, 3], jobs.Select(j => j.Index));
        Assert.Equal([12, 12, 24, 24], jobs.Select(j => j.Request.Steps!.Value));
        Assert.Equal("A poster for Night Owls at 12 steps", jobs[0].Request.Prompt);
        Assert.NotEqual(jobs[0].Request.Seed, jobs[1].Request.Seed);
        Assert.Equal($"s12-{jobs[0].Request.Seed}.png", jobs[0].OutputFile);
    }

    [Fact]
    public void Growing_an_axis_keeps_every_existing_jobs_seed_and_id()
    {
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[1, 3]).Sample((steps, guidances, extra, seedCount) =>
        {
            Plan PlanWith(int stepCount) => Plan.Create(Spec(
                sweep: Sweep(grid: [IntAxis("steps", 1, stepCount), Axis("guidance", Enumerable.Range(0, guidances).Select(g => (object)(1.5m + g)).ToArray())]),
                seeds: new SeedSpec(null, 99, seedCount)));

            var before = PlanWith(steps).Jobs.ToDictionary(j => (j.Request.Steps, j.Request.Guidance, j.Request.Seed), j => j.Id);
            var after = PlanWith(steps + extra).Jobs.ToDictionary(j => (j.Request.Steps, j.Request.Guidance, j.Request.Seed), j => j.Id);

            // Every old job (same values, same seed) is still planned, with the same id.
            Assert.All(before, old => Assert.Equal(old.Value, after[old.Key]));
        }, iter: 40);
    }

    [Fact]
    public void Ids_are_unique_and_stable_across_enumerations()
    {
        var plan = Plan.Create(Spec(
            sweep: Sweep(grid: [IntAxis("steps", 1, 50), Axis("guidance", 2, 3, 4, 5)]),
            seeds: new SeedSpec(null, 1, 5)));

        var first = plan.Jobs.Select(j => j.Id).ToArray();
        var second = plan.Jobs.Select(j => j.Id).ToArray();

        Assert.Equal(1000, first.Distinct().Count());
        Assert.Equal(first, second);
        Assert.All(first, id => Assert.Matches("^[0-9a-f]{20}$", id));
    }

    [Fact]
    public void Seeds_and_ids_are_pinned_so_they_reproduce_on_any_machine()
    {
        var job = Plan.Create(Spec()).Jobs.First();

        // Pinned values: a change here means every user's reproducible batch changes. Only change on purpose.
        Assert.Equal(PinnedJob.Seed, job.Request.Seed);
        Assert.Equal(PinnedJob.Id, job.Id);
    }

    [Fact]
    public void Derived_seed_follows_the_documented_formula()
    {
        // docs/planning.md, derivation v2: SHA-256 over the version, the base and the vary_with values (none here),
        // then a SplitMix64 finalizer per seed ordinal k = 1..count. Computed here without the planner's code.
        var jobs = Plan.Create(Spec()).Jobs.Take(4).ToArray();

        var d = Digest("fluxbatch-seed-v2\u001f\u001e" + "base\u001f2026\u001e");
        Assert.Equal([Finalize(d, 1), Finalize(d, 2), Finalize(d, 1), Finalize(d, 2)], jobs.Select(j => j.Request.Seed!.Value));
        Assert.Equal([1, 2, 1, 2], jobs.Select(j => j.SeedOrdinal));
    }

    [Fact]
    public void Vary_with_feeds_the_named_axes_values_into_the_documented_formula()
    {
        var jobs = Plan.Create(Spec(
            sweep: Sweep(grid: [Axis("steps", 12, 24), Axis("guidance", 3.5m)]),
            seeds: new SeedSpec(null, 2026, 2) { VaryWith = ["steps"] })).Jobs.ToArray();

        long Expected(int steps, int k) => Finalize(Digest("fluxbatch-seed-v2\u001f\u001e" + "base\u001f2026\u001e" + $"steps\u001fn:{steps}\u001e"), k);
        Assert.Equal([Expected(12, 1), Expected(12, 2), Expected(24, 1), Expected(24, 2)], jobs.Select(j => j.Request.Seed!.Value));
    }

    [Fact]
    public void Every_combination_runs_the_same_seeds_unless_vary_with_says_otherwise()
    {
        var sweep = Sweep(grid: [IntAxis("steps", 10, 3), Axis("guidance", 2.5m, 4.0m), Axis("band", "A", "B")]);
        var shared = Plan.Create(Spec(sweep: sweep, prompt: "{{ band }}", seeds: new SeedSpec(null, 7, 3))).Jobs.ToArray();
        var perBand = Plan.Create(Spec(sweep: sweep, prompt: "{{ band }}", seeds: new SeedSpec(null, 7, 3) { VaryWith = ["band"] })).Jobs.ToArray();
        var listed = Plan.Create(Spec(sweep: sweep, prompt: "{{ band }}", seeds: new SeedSpec(null, 0, 3) { Values = [11, 42, 1234] })).Jobs.ToArray();

        Assert.Equal(3, shared.Select(j => j.Request.Seed).Distinct().Count());
        Assert.All(shared.GroupBy(j => j.SeedOrdinal), k => Assert.Single(k.Select(j => j.Request.Seed).Distinct()));
        Assert.Equal(6, perBand.Select(j => j.Request.Seed).Distinct().Count());
        Assert.All(perBand.GroupBy(j => (j.SeedOrdinal, j.Request.Prompt)), k => Assert.Single(k.Select(j => j.Request.Seed).Distinct()));
        Assert.Equal([11L, 42, 1234], listed.Take(3).Select(j => j.Request.Seed!.Value));
        Assert.Equal(36, listed.Length);
        Assert.Equal(36, shared.Select(j => j.Id).Distinct().Count());
    }

    [Fact]
    public void Seeds_and_ids_stay_put_when_an_axis_grows_an_axis_is_added_or_axes_are_reordered()
    {
        // For any grid and any vary_with subset of it: growing an axis, adding an axis that vary_with does not
        // list, or reordering the axes keeps every existing job's seed and id.
        var values = Gen.Int[1, 4];
        Gen.Select(Gen.Select(values, values, values), Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[1, 3]).Sample((sizes, varyMask, grown, seedCount) =>
        {
            string[] names = ["steps", "guidance", "band"];
            var varyWith = names.Where((_, i) => (varyMask & (1 << i)) != 0).ToArray();
            SweepAxis AxisOf(string name, int count) => name switch
            {
                "steps" => IntAxis("steps", 10, count),
                "guidance" => Axis("guidance", Enumerable.Range(0, count).Select(g => (object)(1.5m + g)).ToArray()),
                _ => Axis("band", Enumerable.Range(0, count).Select(b => (object)("band " + b)).ToArray()),
            };
            int[] counts = [sizes.Item1, sizes.Item2, sizes.Item3];
            Dictionary<string, (long?, string)> Jobs(IEnumerable<SweepAxis> grid) => Plan.Create(Spec(
                    sweep: Sweep(grid: grid),
                    prompt: "{{ band }}",
                    seeds: new SeedSpec(null, 99, seedCount) { VaryWith = varyWith }))
                .Jobs.ToDictionary(j => j.Request.Prompt.Trim() + "|" + j.Request.Steps + "|" + j.Request.Guidance + "|" + j.SeedOrdinal, j => (j.Request.Seed, j.Id));

            var before = Jobs(names.Select((n, i) => AxisOf(n, counts[i])));
            var bigger = counts.ToArray();
            bigger[grown]++;
            var grownAxis = Jobs(names.Select((n, i) => AxisOf(n, bigger[i])));
            var reordered = Jobs(names.Select((n, i) => AxisOf(n, counts[i])).Reverse());

            Assert.All(before, old => Assert.Equal(old.Value, grownAxis[old.Key]));
            Assert.Equal(before.Count, reordered.Count);
            Assert.All(before, old => Assert.Equal(old.Value, reordered[old.Key]));
        }, iter: 40);
    }

    [Fact]
    public void Adding_an_axis_not_in_vary_with_keeps_the_seeds_of_its_first_value()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 3], Gen.Bool).Sample((steps, seedCount, varyWithSteps) =>
        {
            var seeds = new SeedSpec(null, 5, seedCount) { VaryWith = varyWithSteps ? ["steps"] : [] };
            var before = Plan.Create(Spec(sweep: Sweep(grid: [IntAxis("steps", 10, steps)]), seeds: seeds)).Jobs
                .ToDictionary(j => (j.Request.Steps, j.SeedOrdinal), j => j.Request.Seed);
            var after = Plan.Create(Spec(sweep: Sweep(grid: [IntAxis("steps", 10, steps), Axis("guidance", 2.5m, 4.0m, 5.5m)]), seeds: seeds)).Jobs.ToArray();

            // Every guidance value, the new axis's first included, runs exactly the seeds the cell ran before.
            Assert.All(after, job => Assert.Equal(before[(job.Request.Steps, job.SeedOrdinal)], job.Request.Seed));
        }, iter: 30);
    }

    [Fact]
    public void Seeds_stay_within_the_api_range_and_a_fixed_seed_is_sent_as_is()
    {
        var derived = Plan.Create(Spec(seeds: new SeedSpec(null, long.MaxValue, 50))).Jobs.ToArray();
        var fixedSeed = Plan.Create(Spec(seeds: new SeedSpec(42, 0, 1))).Jobs.ToArray();

        Assert.All(derived, j => Assert.InRange(j.Request.Seed!.Value, 0, int.MaxValue));
        Assert.Equal(2, fixedSeed.Length);
        Assert.All(fixedSeed, j => Assert.Equal(42, j.Request.Seed));
    }

    [Fact]
    public void Equal_numbers_written_differently_give_the_same_seed_and_id()
    {
        var a = Plan.Create(Spec(sweep: Sweep(grid: [Axis("guidance", 4)]))).Jobs.First();
        var b = Plan.Create(Spec(sweep: Sweep(grid: [Axis("guidance", 4.0m)]))).Jobs.First();

        Assert.Equal(a.Request.Seed, b.Request.Seed);
        Assert.Equal(a.Id, b.Id);
    }

    [Fact]
    public void Plan_over_budget_is_refused_at_the_budget_with_the_numbers()
    {
        var budgetAt = new FluxBatch.Manifest.Diagnostics.SourcePosition("test.flux.yaml", 17, 11);
        var plan = Plan.Create(Spec(budget: new BudgetSpec(0.10m, budgetAt)));

        var error = Assert.Single(plan.Diagnostics);
        Assert.True(plan.IsRefused);
        Assert.Equal("FLUX4002", error.Id);
        Assert.Equal(budgetAt, error.Position);
        Assert.Equal("The plan's estimated cost $0.252 for 4 jobs exceeds the budget of $0.10", error.Message);
    }

    [Fact]
    public void Plan_within_budget_is_accepted()
    {
        var plan = Plan.Create(Spec(budget: new BudgetSpec(0.26m, At)));

        Assert.False(plan.IsRefused);
        Assert.Equal(4 * 0.063m, plan.TotalEstimateUsd);
    }

    [Fact]
    public void Total_estimate_equals_the_sum_of_job_estimates_across_sizes_excludes_and_includes()
    {
        var plan = Plan.Create(Spec(
            sweep: Sweep(
                grid: [Axis("size", "1024x1024", "1536x1024", "2048x2048"), Axis("steps", 10, 20)],
                exclude: [Combo(("size", "2048x2048"), ("steps", 20))],
                include: [Combo(("size", "512x512"), ("steps", 4))]),
            seeds: new SeedSpec(null, 1, 3)));

        Assert.Equal(plan.Jobs.Sum(j => j.EstimatedUsd), plan.TotalEstimateUsd);
        Assert.Equal(18, plan.Count);
    }

    [Fact]
    public void Counting_and_estimating_a_trillion_job_sweep_does_not_render()
    {
        var plan = Plan.Create(Spec(
            sweep: Sweep(grid: [IntAxis("steps", 1, 10_000), IntAxis("a", 0, 10_000), Axis("size", "1024x1024", "2048x1024")]),
            seeds: new SeedSpec(null, 1, 5_000)));

        Assert.Equal(1_000_000_000_000L, plan.Count);
        // 1024x1024 is 1.05 MP ($0.063 at $0.06/MP), 2048x1024 is 2.10 MP ($0.126).
        Assert.Equal((0.063m * 500_000_000_000L) + (0.126m * 500_000_000_000L), plan.TotalEstimateUsd);
    }

    [Fact]
    public void Estimating_a_trillion_job_sweep_with_excludes_and_a_fixed_size_does_not_walk_it()
    {
        var plan = Plan.Create(Spec(
            sweep: Sweep(grid: [IntAxis("steps", 1, 10_000), IntAxis("a", 0, 10_000), IntAxis("b", 0, 1_000_000)], exclude: [Combo(("steps", 1))]),
            seeds: new SeedSpec(null, 1, 1),
            budget: new BudgetSpec(100m, At)));

        Assert.Equal(9_999L * 10_000 * 1_000_000, plan.Count);
        Assert.Equal(0.063m * 99_990_000_000_000L, plan.TotalEstimateUsd);
        Assert.Equal("The plan's estimated cost $6299370000000.00 for 99,990,000,000,000 jobs exceeds the budget of $100.00", Assert.Single(plan.Diagnostics).Message);
    }

    [Fact]
    public void Request_uses_defaults_overridden_by_sweep_values_and_size_sets_width_and_height()
    {
        var job = Plan.Create(Spec(
            sweep: Sweep(grid: [Axis("size", "1536x1024"), Axis("steps", 30)]),
            defaults: [Field("width", 512), Field("height", 512), Field("steps", 8), Field("safety_tolerance", 2)])).Jobs.First();

        Assert.Equal(1536, job.Request.Width);
        Assert.Equal(1024, job.Request.Height);
        Assert.Equal(30, job.Request.Steps);
        Assert.Equal(5m, job.Request.Guidance);
        Assert.Equal(2, job.Request.SafetyTolerance);
        Assert.Equal("jpeg", job.Request.OutputFormat);
        Assert.True(job.Request.PromptUpsampling);
    }

    [Fact]
    public void Pro_gets_prompt_upsampling_and_no_disable_pup_steps_or_guidance()
    {
        var job = Plan.Create(Spec(
            model: "flux-2-pro",
            prompt: "A poster for {{ band }}",
            outputFile: "{{ seed }}.png",
            sweep: Sweep(),
            defaults: [Field("prompt_upsampling", false)])).Jobs.First();

        Assert.False(job.Request.PromptUpsampling);
        var wire = System.Text.Json.JsonSerializer.Serialize(job.Request, FluxBatch.Api.FluxJsonContext.Default.FluxRequest);
        Assert.DoesNotContain("disable_pup", wire, StringComparison.Ordinal); // documented in none of BFL's schemas
        Assert.Null(job.Request.Steps);
        Assert.Null(job.Request.Guidance);
        Assert.Equal(0.03m + (0.015m * 0.05m), job.EstimatedUsd); // auto size: 1024x1024 = 1.05 MP
    }

    [Fact]
    public void Output_files_cannot_escape_the_run_folder()
    {
        var job = Plan.Create(Spec(
            sweep: Sweep(grid: [Axis("where", "../../etc/passwd", "/abs/C:x")]),
            prompt: "{{ where }}",
            outputFile: "{{ where }}/{{ seed }}.png")).Jobs.ToArray();

        Assert.Equal($"etc/passwd/{job[0].Request.Seed}.png", job[0].OutputFile);
        Assert.Equal($"abs/C_x/{job[2].Request.Seed}.png", job[2].OutputFile);
    }

    [Fact]
    public void Structured_prompt_is_compact_json_in_manifest_order_with_rendered_leaves()
    {
        var prompt = new MapValue(
            [
                new MapEntry("scene", At, V("Stage for {{ band }}")),
                new MapEntry("color_palette", At, new ListValue([V("#F4A261"), V("#2A9D8F")], At)),
                new MapEntry("camera", At, new MapValue([new MapEntry("lens", At, V("85mm"))], At)),
            ],
            At);
        var manifest = Spec(sweep: Sweep()) with { Prompt = prompt };

        var job = Plan.Create(manifest).Jobs.First();

        Assert.Equal("""{"scene":"Stage for Night Owls","color_palette":["#F4A261","#2A9D8F"],"camera":{"lens":"85mm"}}""", job.Request.Prompt);
    }

    [Fact]
    public void A_template_failing_on_a_jobs_values_is_a_planning_error_at_the_template()
    {
        // Validation rejects this (FLUX2006); the planner must still fail cleanly on an unvalidated spec.
        var plan = Plan.Create(Spec(sweep: Sweep(include: [Combo(("mood", "calm")), Combo(("steps", 4))]), prompt: "{{ mood }}"));

        var error = Assert.Throws<PlanningException>(() => plan.Jobs.ToArray());
        Assert.Equal("FLUX2007", error.Diagnostic.Id);
        Assert.Contains("job 2 (steps=4)", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    private static ulong Digest(string canonical) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));

    private static long Finalize(ulong digest, int k)
    {
        unchecked
        {
            var z = digest + ((ulong)k * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)((z ^ (z >> 31)) & 0x7FFFFFFF);
        }
    }
}

internal static class PinnedJob
{
    public const long Seed = 716852728;
    public const string Id = "2d1f7079b3291f162ee2";
}
