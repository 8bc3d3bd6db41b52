using FluxBatch.Cli.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Tests.Planning;

/// <summary>
/// The README's main example is a controlled sweep: its 56 jobs run 2 seeds, shared by every cell; with
/// <c>vary_with: [font]</c> each font gets its own 2; and growing the grid keeps every earlier job as it was.
/// </summary>
public class PosterSeedTests
{
    private const string SeedsLine = "seeds: { base: 2026, count: 2 }";
    private const string StepsLine = "steps: [12, 24, 50]";

    private static readonly string PosterPath = Path.Combine(Fluxbatch.RepoRoot, "examples", "poster-typography.flux.yaml");

    [Fact]
    public void The_poster_sweep_runs_two_seeds_in_all_56_jobs()
    {
        var jobs = PlanOf(Poster()).Jobs.ToArray();

        Assert.Equal(56, jobs.Length);
        Assert.Equal(2, jobs.Select(j => j.Request.Seed).Distinct().Count());
        Assert.Equal(56, jobs.Select(j => j.Id).Distinct().Count());
    }

    [Fact]
    public void With_vary_with_font_each_font_gets_its_own_two_seeds()
    {
        var jobs = PlanOf(Poster().Replace(SeedsLine, "seeds: { base: 2026, count: 2, vary_with: [font] }", StringComparison.Ordinal)).Jobs.ToArray();

        Assert.Equal(4, jobs.Select(j => j.Request.Seed).Distinct().Count());
        Assert.All(jobs.GroupBy(j => j.Parameters.Single(p => p.Key == "font").Value), font =>
            Assert.Equal(2, font.Select(j => j.Request.Seed).Distinct().Count()));
    }

    [Fact]
    public void Growing_the_poster_grid_with_steps_40_keeps_every_earlier_jobs_id_and_seed()
    {
        var before = PlanOf(Poster()).Jobs.ToArray();
        var after = PlanOf(Poster().Replace(StepsLine, "steps: [12, 24, 40, 50]", StringComparison.Ordinal)).Jobs.ToArray();

        Assert.Equal(56 + 2 * 5 * 2, after.Length); // steps 40: 2 fonts x 5 guidance values x 2 seeds
        var afterById = after.ToDictionary(j => j.Id);
        Assert.All(before, old =>
        {
            Assert.True(afterById.TryGetValue(old.Id, out var same), $"job {old.Index} ({old.Id}) is gone");
            Assert.Equal(old.Request, same!.Request);
            Assert.Equal(old.SeedOrdinal, same.SeedOrdinal);
        });
        Assert.Equal(before.Select(j => j.Request.Seed).Distinct().Order(), after.Select(j => j.Request.Seed).Distinct().Order());
    }

    private static string Poster()
    {
        var text = File.ReadAllText(PosterPath);
        Assert.Contains(SeedsLine, text, StringComparison.Ordinal);
        Assert.Contains(StepsLine, text, StringComparison.Ordinal);
        return text;
    }

    private static Plan PlanOf(string yaml)
    {
        var read = ManifestReader.Read(PosterPath, yaml);
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        return Plan.Create(read.Manifest!);
    }
}
