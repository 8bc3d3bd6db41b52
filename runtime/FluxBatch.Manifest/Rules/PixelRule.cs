using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Reading;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// width x height must stay within 4 MP for every combination the sweep can make: each product width with each
/// product height (paired instead when both sit in one zip group), each include entry over the defaults, and
/// the largest random values. <c>size</c> values are checked where they are read.
/// </summary>
internal static class PixelRule
{
    public static void Check(RuleContext context)
    {
        var product = context.ProductAxes.ToArray();
        var widths = Sides(product, context, "width");
        var heights = Sides(product, context, "height");
        var widthAxis = product.FirstOrDefault(a => a.Name == "width");
        var heightAxis = product.FirstOrDefault(a => a.Name == "height");
        if (widthAxis is not null && heightAxis is not null && widthAxis.Kind == AxisKind.Zip && heightAxis.Kind == AxisKind.Zip && widthAxis.Group == heightAxis.Group)
        {
            CheckFirst(context, widthAxis.Values.Zip(heightAxis.Values, (w, h) => (w, h)));
        }
        else
        {
            CheckFirst(context, widths.SelectMany(w => heights.Select(h => (w, h))));
        }

        foreach (var include in context.Spec.Sweep.Include)
        {
            var w = include.Values.FirstOrDefault(v => v.Key == "width")?.Value ?? context.Default("width")?.Value;
            var h = include.Values.FirstOrDefault(v => v.Key == "height")?.Value ?? context.Default("height")?.Value;
            if (w is not null && h is not null)
            {
                CheckFirst(context, new[] { (w, h) });
            }
        }

        var random = context.RandomAxes.ToArray();
        var randomWidths = Sides(random, context, "width");
        var randomHeights = Sides(random, context, "height");
        if (random.Any(a => a.Name is "width" or "height"))
        {
            CheckFirst(context, randomWidths.SelectMany(w => randomHeights.Select(h => (w, h))));
        }
    }

    private static IReadOnlyList<ManifestValue> Sides(AxisDeclaration[] axes, RuleContext context, string side) =>
        axes.FirstOrDefault(a => a.Name == side)?.Values
            ?? (context.Default(side) is { } d ? new[] { d.Value } : new ManifestValue[0]);

    /// <summary>Reports the first pair over the limit only: one mistake, one message.</summary>
    private static void CheckFirst(RuleContext context, IEnumerable<(ManifestValue Width, ManifestValue Height)> pairs)
    {
        foreach (var (w, h) in pairs)
        {
            if (w is IntegerValue width && h is IntegerValue height && width.Value * height.Value > RequestFields.MaxPixels)
            {
                var later = h.Position.Line > w.Position.Line ? h : w;
                var other = ReferenceEquals(later, h) ? w : h;
                context.Expect.Report(DiagnosticDescriptors.TooManyPixels, later.Position, width.Value, height.Value,
                    ValueText.Count(width.Value * height.Value),
                    $" ({(ReferenceEquals(other, w) ? "width" : "height")} from line {other.Position.Line})");
                return;
            }
        }
    }
}
