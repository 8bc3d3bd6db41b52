using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Rules;

/// <summary>Rules about which names may be swept where: vars vs axes, include/exclude keys, size vs width/height, model fields.</summary>
internal static class AxisRules
{
    /// <param name="namesInDoubt">Names a misspelt axis probably meant: a combination key naming one is not reported.</param>
    public static void Check(RuleContext context, IReadOnlyCollection<string> namesInDoubt)
    {
        var expect = context.Expect;
        foreach (var axis in context.Axes)
        {
            if (context.Spec.Vars.FirstOrDefault(v => v.Name == axis.Name) is { } variable)
            {
                expect.Report(DiagnosticDescriptors.AxisAlsoVar, axis.Position, axis.Name, variable.Position.Line);
            }
        }

        CheckSizeConflicts(context);
        CheckCombinationKeys(context, namesInDoubt);
        CheckModelFields(context);
    }

    private static void CheckSizeConflicts(RuleContext context)
    {
        foreach (var group in new[] { context.ProductAxes.ToArray(), context.RandomAxes.ToArray() })
        {
            if (group.Any(a => a.Name == RequestFields.Size))
            {
                foreach (var side in group.Where(a => a.Name is "width" or "height"))
                {
                    context.Expect.Report(DiagnosticDescriptors.SizeConflict, side.Position, side.Name, "the same sweep as a `size` axis");
                }
            }
        }

        foreach (var include in context.Spec.Sweep.Include.Where(i => i.Values.Any(v => v.Key == RequestFields.Size)))
        {
            foreach (var side in include.Values.Where(v => v.Key is "width" or "height"))
            {
                context.Expect.Report(DiagnosticDescriptors.SizeConflict, side.KeyPosition, side.Key, "an include entry that sets `size`");
            }
        }
    }

    /// <summary>include may set axes and request fields; exclude matches product axes only.</summary>
    private static void CheckCombinationKeys(RuleContext context, IReadOnlyCollection<string> namesInDoubt)
    {
        var productNames = context.ProductAxes.Select(a => a.Name).Distinct().ToArray();
        var includeNames = context.Axes.Select(a => a.Name).Concat(RequestFields.Names).Append(RequestFields.Size).Distinct().ToArray();
        Check(context, context.Spec.Sweep.Include, "include", includeNames, "a sweep axis or request field", namesInDoubt);
        Check(context, context.Spec.Sweep.Exclude, "exclude", productNames, "an axis of `grid` or `zip`", namesInDoubt);
    }

    private static void Check(RuleContext context, IReadOnlyList<Combination> combinations, string kind, string[] known, string expectation,
        IReadOnlyCollection<string> namesInDoubt)
    {
        foreach (var entry in combinations.SelectMany(c => c.Values))
        {
            if (known.Contains(entry.Key) || namesInDoubt.Contains(entry.Key) || IsRejectedAxis(context, entry.Key))
            {
                continue;
            }

            var hint = context.Spec.Vars.Any(v => v.Name == entry.Key)
                ? "it is a var (a constant); sweep it to vary it"
                : NameSuggestions.Hint(entry.Key, known);
            context.Expect.Report(DiagnosticDescriptors.UnknownCombinationKey, entry.KeyPosition, entry.Key, kind, expectation, hint);
        }
    }

    /// <summary>An axis written in the sweep whose declaration was rejected (and reported): it is an axis, just not a valid one yet.</summary>
    private static bool IsRejectedAxis(RuleContext context, string name) =>
        context.DeclaredNames.Contains(name) && !context.IsAxis(name) && context.Spec.Vars.All(v => v.Name != name);

    /// <summary>steps and guidance only for flux-2-flex, wherever they are set.</summary>
    private static void CheckModelFields(RuleContext context)
    {
        var model = context.Spec.Model;
        if (ModelCatalog.TakesStepsAndGuidance(model) || !ModelCatalog.IsKnown(model))
        {
            return;
        }

        var places = context.Spec.Defaults.Select(d => (d.Key, d.KeyPosition))
            .Concat(context.Axes.Select(a => (Key: a.Name, KeyPosition: a.Position)))
            .Concat(context.Spec.Sweep.Include.SelectMany(i => i.Values).Select(v => (v.Key, v.KeyPosition)));
        foreach (var (key, position) in places)
        {
            if (RequestFields.Find(key) is { FlexOnly: true })
            {
                context.Expect.Report(DiagnosticDescriptors.FieldNotSupportedByModel, position, model, key);
            }
        }
    }
}
