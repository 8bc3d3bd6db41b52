using FluxBatch.Planning;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// The full plan as readable, deterministic text (the snapshot format): a header with the totals, then one
/// block per job. Paths are relative to the manifest's folder with <c>/</c> separators, numbers invariant,
/// line endings LF, so the text is the same on every machine.
/// </summary>
internal static class PlanText
{
    public static void Write(TextWriter writer, Plan plan, string manifestDirectory)
    {
        writer.NewLine = "\n";
        writer.WriteLine($"plan: {plan.Manifest.Name}");
        writer.WriteLine($"model: {plan.Manifest.Model}");
        writer.WriteLine($"jobs: {plan.Count} ({plan.CombinationCount} combinations x {plan.SeedsPerCombination} seeds)");
        writer.WriteLine($"seeds: {plan.SeedPolicyDescription}");
        writer.WriteLine($"estimate: {UsdText.Format(plan.TotalEstimateUsd)}");
        writer.WriteLine($"budget: {(plan.Budget is { } budget ? UsdText.Format(budget.MaxUsd) : "none")}");
        writer.WriteLine($"run folder: {plan.RunDirectory}");
        foreach (var job in plan.Jobs)
        {
            writer.WriteLine();
            writer.WriteLine($"job {job.Index} {job.Id}");
            writer.WriteLine($"  parameters: {JobText.Parameters(job)}");
            writer.WriteLine($"  seed: {JobText.Seed(job)}");
            writer.WriteLine($"  request: {JobText.RequestFields(job.Request)}");
            writer.WriteLine($"  estimate: {UsdText.Format(job.EstimatedUsd)}");
            writer.WriteLine($"  output: {job.OutputFile}");
            if (job.ReferenceFiles.Count > 0)
            {
                writer.WriteLine($"  references: {string.Join(", ", job.ReferenceFiles.Select(f => RelativePath(manifestDirectory, f)))}");
            }

            writer.WriteLine("  prompt: |");
            foreach (var line in job.Request.Prompt.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                writer.WriteLine("    " + line);
            }
        }
    }

    public static string Render(Plan plan, string manifestDirectory)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(writer, plan, manifestDirectory);
        return writer.ToString();
    }

    /// <summary>A local file relative to the manifest (machine-independent); URLs unchanged.</summary>
    public static string RelativePath(string manifestDirectory, string file) =>
        Uri.TryCreate(file, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? file
            : Path.GetRelativePath(manifestDirectory, file).Replace('\\', '/');
}
