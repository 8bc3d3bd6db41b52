using System.Collections.Generic;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// Expands <c>{from, to, step}</c> with decimal arithmetic: value i is <c>from + i * step</c> (a multiplication,
/// not a running sum), so <c>{from: 1.5, to: 3.5, step: 0.1}</c> ends at 3.5 exactly. <c>to</c> is included when
/// a step lands on it; otherwise the last value is the largest one below it.
/// </summary>
internal static class ExactRange
{
    /// <summary>Most values one range may expand to; beyond it the range is reported (FLUX3004).</summary>
    public const int MaxValues = 10_000;

    public static long Count(decimal from, decimal to, decimal step) =>
        (long)decimal.Floor((to - from) / step) + 1;

    public static IReadOnlyList<decimal> Expand(decimal from, decimal to, decimal step)
    {
        var count = Count(from, to, step);
        var values = new decimal[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = from + (i * step);
        }

        return values;
    }
}
