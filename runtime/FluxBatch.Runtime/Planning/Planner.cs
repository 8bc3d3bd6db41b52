using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using System.Globalization;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Planning.OutputPaths;
using FluxBatch.Planning.References;
using FluxBatch.Planning.Requests;
using FluxBatch.Planning.Seeds;
using FluxBatch.Planning.PromptRendering;

namespace FluxBatch.Planning;

/// <summary>
/// Turns a validated manifest into a <see cref="Plan"/>: reads the references once, counts the sweep, computes
/// the total estimate from the sizes alone (no rendering), and refuses a plan whose estimate exceeds
/// <c>budget.max_usd</c>. Jobs themselves are produced lazily by the plan.
/// </summary>
internal static class Planner
{
    /// <summary>Plans a manifest the reader accepted; the door is <see cref="Plan.Create"/>.</summary>
    public static Plan Create(ManifestSpec manifest) => Create(manifest, null);

    /// <summary>
    /// Reads the manifest file at <paramref name="path"/> with every rule, references limited to its folder and its git
    /// work tree; <paramref name="overrides"/> are <c>PATH=VALUE</c> keys replaced first (as <c>--set</c>).
    /// </summary>
    public static Manifest.ManifestReadResult Read(string path, IEnumerable<string>? overrides = null) =>
        Manifest.ManifestReader.ReadFile(path, new References.ReferenceFileSystem(), overrides);

    internal static Plan Create(ManifestSpec manifest, PlannerOptions? options)
    {
        options ??= new PlannerOptions();
        var diagnostics = new List<ManifestDiagnostic>();
        var references = LoadReferences(manifest, options, diagnostics);
        var sweep = SweepExpansion.Create(manifest.Sweep);
        var seedsPerCombination = new SeedDerivation(manifest.Seeds).SeedsPerCombination;
        var requests = new RequestBuilder(manifest.Model, manifest.Defaults, references.FirstOrDefault());
        var total = TotalEstimate(manifest, sweep, seedsPerCombination, requests, references);

        var runDirectory = RenderRunDirectory(manifest);
        var jobs = new JobStream(manifest, sweep, references, requests, options);
        var plan = new Plan(manifest, sweep, seedsPerCombination, total, runDirectory, references, diagnostics, jobs);
        diagnostics.AddRange(CheckOutputPaths(manifest, plan));
        if (manifest.Budget is { } budget && total > budget.MaxUsd)
        {
            diagnostics.Add(DiagnosticDescriptors.EstimateExceedsBudget.Create(
                budget.Position,
                UsdText.Amount(total),
                plan.Count.ToString("N0", CultureInfo.InvariantCulture),
                UsdText.Amount(budget.MaxUsd)));
        }

        return plan;
    }

    /// <summary>
    /// Σ over size groups of (price at that size × combinations in the group × seeds). The price depends only on
    /// the model, the output size and the input megapixels, so only the names that set the size are grouped.
    /// </summary>
    private static decimal TotalEstimate(
        ManifestSpec manifest,
        SweepExpansion sweep,
        int seedsPerCombination,
        RequestBuilder requests,
        IReadOnlyList<ReferenceInfo> references)
    {
        var inputMegapixels = references.Sum(r => r.Megapixels);
        decimal total = 0;
        foreach (var group in sweep.CountBy(RequestDefaults.SizeNames))
        {
            var shape = requests.Build(group.Key);
            var price = manifest.Prices.EstimateUsd(manifest.Model, shape.EstimateWidth, shape.EstimateHeight, inputMegapixels);
            total += price * group.Value * seedsPerCombination;
        }

        return total;
    }

    private static IReadOnlyList<ReferenceInfo> LoadReferences(ManifestSpec manifest, PlannerOptions options, List<ManifestDiagnostic> diagnostics)
    {
        try
        {
            return ReferenceSet.Load(manifest.References, options.ReadFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // The reader checked every file; this one was removed, locked or changed since.
            var reference = manifest.References.FirstOrDefault(r => r.FullPath is not null && e.Message.Contains(r.FullPath, StringComparison.Ordinal))
                ?? manifest.References[0];
            diagnostics.Add(e is InvalidDataException
                ? DiagnosticDescriptors.ReferenceUnreadable.Create(reference.Position, reference.Source, e.Message)
                : DiagnosticDescriptors.ReferenceNotFound.Create(reference.Position, reference.Source, reference.FullPath ?? reference.Source));
            return manifest.References
                .Select(r => new ReferenceInfo(r.FullPath ?? r.Source, string.Empty, null, null, ReferenceSet.MaxInputMegapixels))
                .ToArray();
        }
    }

    // A template that fails on some job is reported by that job's enumeration (PlanningException), not here.
    private static IReadOnlyList<ManifestDiagnostic> CheckOutputPaths(ManifestSpec manifest, Plan plan)
    {
        try
        {
            return OutputPathCheck.Check(manifest, plan.Jobs, plan.Count);
        }
        catch (PlanningException e)
        {
            return [e.Diagnostic];
        }
    }

    private static string RenderRunDirectory(ManifestSpec manifest)
    {
        var scope = new TemplateScope(JobStream.BaseScope(manifest));
        var rendered = JobStream.Render(PlanTemplates.Compile(manifest.Output.Dir), scope, manifest.Output.DirPosition, "`output.dir`", 0, null);
        return OutputPath.Sanitize(rendered, fallback: OutputPath.Sanitize(manifest.Name, "run"));
    }
}
