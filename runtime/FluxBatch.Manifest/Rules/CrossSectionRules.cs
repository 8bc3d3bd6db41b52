using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Reading;

namespace FluxBatch.Manifest.Rules;

/// <summary>The rules that need more than one section, in the order they run.</summary>
internal static class CrossSectionRules
{
    /// <summary>Above this many jobs a manifest must set a budget (documented in docs/manifest.md).</summary>
    public const long MaxJobsWithoutBudget = 1_000;

    /// <summary>No single plan may exceed this many jobs.</summary>
    public const long MaxJobs = 100_000_000;

    public static void Check(RuleContext context, bool promptIsValid)
    {
        PixelRule.Check(context);
        // One mistake, one error: the names an axis probably meant (`guidence` → `guidance`) are in doubt while that
        // axis is reported, so the exclude entries and templates that use the right name stay silent.
        var namesInDoubt = TemplateRule.Check(context, promptIsValid);
        AxisRules.Check(context, namesInDoubt);
        ScoreRule.Check(context);
        SeedRules.Check(context);
        CheckSeedReproducibility(context);
        CheckSweepSize(context);
        CheckPrice(context);
        CheckReferencesForModel(context);
    }

    /// <summary>klein takes fewer references than the API's eight fields (FLUX4003 covers more than eight for every model).</summary>
    private static void CheckReferencesForModel(RuleContext context)
    {
        var spec = context.Spec;
        var max = ModelCatalog.MaxReferences(spec.Model);
        if (spec.References.Count > max && spec.References.Count <= 8)
        {
            context.Expect.Report(DiagnosticDescriptors.TooManyReferencesForModel, spec.References[max].Position, spec.References.Count, spec.Model, max);
        }
    }

    /// <summary>Seeds reproduce only without server-side prompt rewriting (flux-2-flex rewrites unless told not to).</summary>
    private static void CheckSeedReproducibility(RuleContext context)
    {
        if (!context.SeedsExplicit)
        {
            return;
        }

        var spec = context.Spec;
        var setting = context.Default("prompt_upsampling")?.Value as BoolValue;
        var sweptOn = context.Axes.Where(a => a.Name == "prompt_upsampling").SelectMany(a => a.Values).OfType<BoolValue>().FirstOrDefault(b => b.Value);
        if (sweptOn is not null)
        {
            context.Expect.Report(DiagnosticDescriptors.SeedsWithPromptUpsampling, sweptOn.Position, "swept to true");
        }
        else if (setting is { Value: true })
        {
            context.Expect.Report(DiagnosticDescriptors.SeedsWithPromptUpsampling, setting.Position, "true");
        }
        else if (setting is null && ModelCatalog.UpsamplesByDefault(spec.Model))
        {
            context.Expect.Report(DiagnosticDescriptors.SeedsWithPromptUpsampling, context.SeedsPosition, $"not set (and {spec.Model} defaults to true)");
        }
    }

    private static void CheckSweepSize(RuleContext context)
    {
        if (context.Expect.Diagnostics.HasErrors)
        {
            return; // counting an invalid sweep would only repeat its errors
        }

        var spec = context.Spec;
        var combinations = SweepCounting.CountCombinations(spec.Sweep);
        var jobs = SweepCounting.Multiply(combinations, spec.Seeds.Count);
        if (jobs == 0)
        {
            context.Expect.Report(DiagnosticDescriptors.EmptySweep, context.SweepPosition, "every combination is excluded");
        }
        else if (jobs > MaxJobs)
        {
            context.Expect.Report(DiagnosticDescriptors.SweepTooLarge, context.SweepPosition, ValueText.JobCount(jobs), ValueText.Count(MaxJobs));
        }
        else if (jobs > MaxJobsWithoutBudget && spec.Budget is null)
        {
            context.Expect.Report(DiagnosticDescriptors.HugeSweepWithoutBudget, context.SweepPosition, ValueText.JobCount(jobs), ValueText.Count(MaxJobsWithoutBudget));
        }
    }

    private static void CheckPrice(RuleContext context)
    {
        if (ProviderPrices.Missing(context.Spec, context.Spec.Provider ?? "bfl") is { } missing)
        {
            context.Expect.Report(DiagnosticDescriptors.NoPriceForModel, context.ModelPosition, missing.Model, missing.Provider);
        }
    }
}
