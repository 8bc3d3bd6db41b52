using System.Text;
using FluxBatch.Api;
using FluxBatch.Planning;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Snapshots;

/// <summary>
/// The full plan as readable, deterministic text (the snapshot format, <see cref="Plan.ToSnapshotText"/>): a header
/// with the totals, then one block per job. Paths are relative to the manifest's folder with <c>/</c> separators,
/// numbers invariant, line endings LF, so the text is the same on every machine, culture and time zone.
/// <see cref="PlanSnapshotChange"/> reads this layout back: change both together.
/// </summary>
internal static class PlanSnapshotText
{
    public static string Render(Plan plan, string manifestDirectory)
    {
        var writer = new StringBuilder();
        void Line(string text = "") => writer.Append(text).Append('\n');

        Line($"plan: {plan.Manifest.Name}");
        Line($"model: {plan.Manifest.Model}");
        Line(FormattableString.Invariant($"jobs: {plan.Count} ({plan.CombinationCount} combinations x {plan.SeedsPerCombination} seeds)"));
        Line($"seeds: {plan.SeedPolicyDescription}");
        Line($"estimate: {UsdText.Format(plan.TotalEstimateUsd)}");
        Line($"budget: {(plan.Budget is { } budget ? UsdText.Format(budget.MaxUsd) : "none")}");
        Line($"run folder: {plan.RunDirectory}");
        foreach (var job in plan.Jobs)
        {
            Line();
            Line(FormattableString.Invariant($"job {job.Index} {job.Id}"));
            Line($"  parameters: {string.Join(", ", job.Parameters.Select(p => p.Key + "=" + InvariantText.Format(p.Value)))}");
            Line(FormattableString.Invariant($"  seed: {InvariantText.Format(job.Request.Seed)} #{job.SeedOrdinal}"));
            Line($"  request: {RequestFields(job.Request)}");
            Line($"  estimate: {UsdText.Format(job.EstimatedUsd)}");
            Line($"  output: {job.OutputFile}");
            if (job.ReferenceFiles.Count > 0)
            {
                Line($"  references: {string.Join(", ", job.ReferenceFiles.Select(f => RelativePath(manifestDirectory, f)))}");
            }

            Line("  prompt: |");
            foreach (var line in job.Request.Prompt.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                Line("    " + line);
            }
        }

        return writer.ToString();
    }

    /// <summary>Every sent field except the prompt, under its API name: <c>seed=7 width=1024 steps=12</c>.</summary>
    private static string RequestFields(FluxRequest request)
    {
        var builder = new StringBuilder();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                builder.Append(builder.Length == 0 ? string.Empty : " ").Append(name).Append('=').Append(InvariantText.Format(value));
            }
        }

        Add("seed", request.Seed);
        foreach (var (name, value) in Planning.Requests.SentFields.Of(request))
            Add(name, value);
        return builder.ToString();
    }

    /// <summary>A local file relative to the manifest (machine-independent); URLs unchanged.</summary>
    private static string RelativePath(string manifestDirectory, string file) =>
        Uri.TryCreate(file, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? file
            : Path.GetRelativePath(manifestDirectory, file).Replace('\\', '/');
}
