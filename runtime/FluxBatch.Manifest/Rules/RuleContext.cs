using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Reading;

namespace FluxBatch.Manifest.Rules;

/// <summary>Everything the cross-section rules look at: the bound spec, where axes were declared, and the reporter.</summary>
/// <param name="DeclaredNames">Every name written under vars or sweep, valid or not: a template using a name whose
/// declaration was already reported is not reported again.</param>
/// <param name="VaryWith">The names under <c>seeds.vary_with</c>, with their positions.</param>
internal sealed record RuleContext(
    ManifestSpec Spec,
    IReadOnlyList<AxisDeclaration> Axes,
    SourcePosition SweepPosition,
    bool SeedsExplicit,
    SourcePosition SeedsPosition,
    IReadOnlyList<StringValue> VaryWith,
    SourcePosition ModelPosition,
    Expect Expect,
    TemplateLocator Locator,
    IReadOnlyCollection<string> DeclaredNames)
{
    public IEnumerable<AxisDeclaration> ProductAxes => Axes.Where(a => a.Kind != AxisKind.Random);

    public IEnumerable<AxisDeclaration> RandomAxes => Axes.Where(a => a.Kind == AxisKind.Random);

    public bool IsAxis(string name) => Axes.Any(a => a.Name == name);

    public MapEntry? Default(string name) => Spec.Defaults.FirstOrDefault(d => d.Key == name);

    /// <summary>Does the product contribute combinations (planner rule: it has dimensions, or nothing else is swept)?</summary>
    public bool HasProduct => ProductAxes.Any() || (Spec.Sweep.Include.Count == 0 && Spec.Sweep.Random is null);
}
