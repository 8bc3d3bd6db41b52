using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;
using FluxBatch.Planning;

namespace FluxBatch.Gallery.Tests.Support;

/// <summary>
/// "Export picks" as a user pastes it: the <c>defaults</c> block into the next manifest's defaults and the
/// <c>include</c> entries into its sweep (which sweeps the same variables, with new values), then the manifest
/// reader and the planner read it: no diagnostics, and the picked cells are planned with the first pick's seed.
/// </summary>
internal static class PicksYaml
{
    public static void AssertReadsBack(string yaml, IReadOnlyList<PlannedJob> picked)
    {
        var lines = yaml.Split('\n');
        // As a user copies them: the lines of `defaults:` and of the include list, the `seed:` line.
        var defaults = lines.SkipWhile(l => l != "defaults:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        var include = lines.Where(l => l.StartsWith("    - {", StringComparison.Ordinal)).ToArray();
        var seed = Assert.Single(lines, l => l.StartsWith("seed: ", StringComparison.Ordinal));
        Assert.Equal(picked.Count, include.Length);

        var next = string.Join('\n',
        [
            "name: next-round",
            "model: flux-2-flex",
            "prompt: \"A poster in {{ font }} lettering\"",
            "defaults:",
            "  width: 256",
            "  prompt_upsampling: false",
            .. defaults,
            seed,
            "sweep:",
            "  grid:",
            "    font: [a new font]",
            "    steps: [40]",
            "  include:",
            .. include,
            "",
        ]);
        var read = ManifestReader.Read(Path.Combine(Path.GetTempPath(), "next-round.flux.yaml"), next);
        Assert.True(read.Manifest is not null && read.Diagnostics.Count == 0, string.Join("\n", read.Diagnostics) + "\n" + next);
        var plan = Plan.Create(read.Manifest);
        var jobs = plan.Jobs.ToList();
        Assert.Equal(1 + picked.Count, jobs.Count); // the new grid's one cell, then the picks
        foreach (var (pick, planned) in picked.Zip(jobs.Skip(1)))
        {
            Assert.Equal(pick.Request.Steps, planned.Request.Steps);
            Assert.Equal(pick.Request.Guidance, planned.Request.Guidance);
            Assert.Equal(Font(pick), Font(planned));
            Assert.Equal(picked[0].Request.Seed, planned.Request.Seed); // the first pick's seed, whatever the seed policy
        }
        // The grid's own cell takes the pasted defaults: the first pick's guidance.
        Assert.Equal(picked[0].Request.Guidance, jobs[0].Request.Guidance);
        Assert.Contains(read.Manifest.Defaults, d => d.Key == "guidance" && d.Value is NumberValue or IntegerValue);
    }

    private static string Font(PlannedJob job) => (string)job.Parameters.Single(p => p.Key == "font").Value;
}
