using System;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// How many combinations a sweep plans, for the "empty sweep" and "huge sweep without a budget" rules.
/// Until the planner's FluxBatch.Manifest.Sweeps lands this is the simple count: product of grid and zip lengths
/// (one combination when the sweep has no kind at all), plus includes, plus random <c>n</c>; excludes are not
/// subtracted. Saturates at <see cref="long.MaxValue"/>.
/// </summary>
internal static class SweepCounting
{
    public static long CountCombinations(SweepSpec sweep)
    {
        var dimensions = sweep.Grid.Select(a => (long)a.Values.Count)
            .Concat(sweep.Zip.Select(z => (long)z.Axes.Min(a => a.Values.Count)))
            .ToArray();
        long product = dimensions.Length > 0 ? dimensions.Aggregate(1L, Multiply)
            : sweep.Include.Count == 0 && sweep.Random is null ? 1 : 0;
        return Add(Add(product, sweep.Include.Count), sweep.Random?.Count ?? 0);
    }

    public static long Multiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
