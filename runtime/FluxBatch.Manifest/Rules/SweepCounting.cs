using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// How many combinations a sweep plans, for the "empty sweep" and "huge sweep without a budget" rules: the
/// planner's own count (<see cref="SweepExpansion.Count"/>: product after excludes, distinct includes, random
/// samples), so the rules and the plan never disagree. It does not walk the product.
/// </summary>
internal static class SweepCounting
{
    public static long CountCombinations(SweepSpec sweep) => SweepExpansion.Create(sweep).Count;

    public static long Multiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
