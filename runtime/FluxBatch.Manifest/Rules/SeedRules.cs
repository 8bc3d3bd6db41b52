using System.Linq;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// <c>seeds.vary_with</c> may name any axis a combination can set: grid, zip and random axes and the keys of
/// include entries. A name that is none of them would silently change nothing, so it is refused with a suggestion.
/// </summary>
internal static class SeedRules
{
    public static void Check(RuleContext context)
    {
        if (context.VaryWith.Count == 0)
        {
            return;
        }

        var axes = context.Axes.Select(a => a.Name)
            .Concat(context.Spec.Sweep.Include.SelectMany(i => i.Values).Select(v => v.Key))
            .Distinct()
            .ToArray();
        foreach (var name in context.VaryWith.Where(n => !axes.Contains(n.Value)))
        {
            var hint = context.Spec.Vars.Any(v => v.Name == name.Value)
                ? "it is a var (a constant), the same in every job"
                : axes.Length == 0
                    ? "this manifest sweeps nothing"
                    : NameSuggestions.Hint(name.Value, axes);
            context.Expect.Report(DiagnosticDescriptors.VaryWithNotAnAxis, name.Position, name.Value, hint);
        }
    }
}
