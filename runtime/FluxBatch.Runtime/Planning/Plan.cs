using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Planning.References;
using FluxBatch.Planning.Seeds;

namespace FluxBatch.Planning;

/// <summary>
/// A manifest expanded into jobs. Counting and the total estimate are computed without rendering any job;
/// <see cref="Jobs"/> produces jobs lazily, each enumeration afresh, in the documented order (the sweep's order,
/// each combination's seeds consecutively).
/// </summary>
public sealed class Plan
{
    private readonly JobStream _jobs;

    internal Plan(
        ManifestSpec manifest,
        SweepExpansion sweep,
        int seedsPerCombination,
        decimal totalEstimateUsd,
        string runDirectory,
        IReadOnlyList<ReferenceInfo> references,
        IReadOnlyList<ManifestDiagnostic> diagnostics,
        JobStream jobs)
    {
        Manifest = manifest;
        Sweep = sweep;
        SeedsPerCombination = seedsPerCombination;
        TotalEstimateUsd = totalEstimateUsd;
        RunDirectory = runDirectory;
        References = references;
        Diagnostics = diagnostics;
        _jobs = jobs;
    }

    public ManifestSpec Manifest { get; }

    public SweepExpansion Sweep { get; }

    /// <summary>Combinations of sweep values.</summary>
    public long CombinationCount => Sweep.Count;

    public int SeedsPerCombination { get; }

    /// <summary>
    /// The seed policy in words, for summaries: "2 seeds, shared by all 28 combinations" or "2 seeds per value of font".
    /// </summary>
    public string SeedPolicyDescription => SeedPolicyText.Describe(Manifest.Seeds, SeedsPerCombination, CombinationCount);

    /// <summary>Jobs: combinations × seeds per combination (saturating at <see cref="long.MaxValue"/>).</summary>
    public long Count => SeedsPerCombination == 0 || CombinationCount <= long.MaxValue / SeedsPerCombination
        ? CombinationCount * SeedsPerCombination
        : long.MaxValue;

    public decimal TotalEstimateUsd { get; }

    public BudgetSpec? Budget => Manifest.Budget;

    /// <summary>The run folder, rendered from <c>output.dir</c> and sanitized, relative to the manifest's folder.</summary>
    public string RunDirectory { get; }

    public IReadOnlyList<ReferenceInfo> References { get; }

    /// <summary>Problems found while planning, such as the estimate exceeding the budget.</summary>
    public IReadOnlyList<ManifestDiagnostic> Diagnostics { get; }

    /// <summary>True when the plan must not run (an error diagnostic, e.g. over budget). Its jobs can still be listed.</summary>
    public bool IsRefused => Diagnostics.Any(d => d.IsError);

    /// <summary>Errors in the input itself (output paths, references), as opposed to an estimate over the budget: exit 2.</summary>
    public IEnumerable<ManifestDiagnostic> InputErrors =>
        Diagnostics.Where(d => d.IsError && d.Id != DiagnosticDescriptors.EstimateExceedsBudget.Id);

    /// <summary>
    /// The jobs, produced lazily. Throws <see cref="PlanningException"/> when a template fails on some job's values.
    /// </summary>
    public IEnumerable<PlannedJob> Jobs => _jobs;

    /// <summary>
    /// The whole plan as snapshot text, byte for byte what <c>fluxbatch plan FILE --accept</c> writes to
    /// <c>*.plan.verified.txt</c>: LF endings, invariant numbers, paths relative to the manifest's folder, the same on
    /// every machine. Renders every job. Compare it with <c>Verifier.Verify(plan.ToSnapshotText())</c> or
    /// FluxBatch.Testing's <c>PlanSnapshots.VerifyAsync(plan)</c>.
    /// </summary>
    public string ToSnapshotText() =>
        Snapshots.PlanSnapshotText.Render(this, Path.GetDirectoryName(Path.GetFullPath(Manifest.SourcePath)) ?? ".");

    /// <summary>Every name the sweep sets (grid, zip, include, random), in the manifest's order: what varies between combinations.</summary>
    public IReadOnlyList<string> SweptNames =>
        Sweep.Spec.Grid.Select(a => a.Name)
            .Concat(Sweep.Spec.Zip.SelectMany(z => z.Axes).Select(a => a.Name))
            .Concat(Sweep.Spec.Include.SelectMany(i => i.Values).Select(v => v.Key))
            .Concat(Sweep.Spec.Random?.Axes.Select(a => a.Name) ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The names that make two jobs' prompts differ: swept names the prompt reads, and seed/index/id if it reads them.</summary>
    public IReadOnlyList<string> PromptVariesWith =>
        _jobs.PromptNames.Where(n => SweptNames.Contains(n) || n is "seed" or "index" or "id").ToList();
}
