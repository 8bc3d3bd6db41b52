using System;
using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// Draws the samples of a <c>random</c> sweep from <see cref="SplitMix64"/> seeded with the sweep's own seed:
/// for each sample, one draw per axis in manifest order. A draw equal to an earlier combination (of the
/// product, the includes, or an earlier sample) is drawn again, so the sweep never plans the same job twice;
/// after <c>10·n + 100</c> draws it stops, which only happens when the space is smaller than <c>n</c>.
/// </summary>
internal static class RandomSampler
{
    /// <summary>Quantum of a continuous range without <c>step</c> on a non-integer field.</summary>
    public const decimal ContinuousQuantum = 0.01m;

    public static IReadOnlyList<SweepCombination> Sample(RandomSweep random, Func<SweepCombination, bool> alreadyPlanned)
    {
        var names = random.Axes.Select(a => a.Name).ToArray();
        var generator = new SplitMix64(random.Seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<SweepCombination>(Math.Max(0, random.Count));
        var attempts = (10L * random.Count) + 100;
        while (samples.Count < random.Count && attempts-- > 0)
        {
            var values = new ManifestValue[names.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Draw(random.Axes[i], ref generator);
            }

            var sample = new SweepCombination(names, values, SweepSource.Random);
            if (seen.Add(SweepValueText.Key(sample)) && !alreadyPlanned(sample))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static ManifestValue Draw(RandomAxis axis, ref SplitMix64 generator)
    {
        if (axis.Choices is { Count: > 0 } choices)
        {
            return choices[(int)generator.NextBelow((ulong)choices.Count)];
        }

        if (axis.Range is not { } range)
        {
            throw new InvalidOperationException($"Random axis '{axis.Name}' has neither a range nor choices.");
        }

        if (range.Step is null && range.IntegerValued)
        {
            var low = decimal.Ceiling(range.From);
            var high = decimal.Floor(range.To);
            var offset = (long)generator.NextBelow((ulong)(high - low + 1));
            return new IntegerValue((long)low + offset, axis.Position);
        }

        // A grid of From + k·step (exact decimals), k uniform: 1.5 + 37·0.1 is 5.2, never 5.2000000001.
        var step = range.Step ?? ContinuousQuantum;
        var points = decimal.Floor((range.To - range.From) / step) + 1;
        var k = generator.NextBelow((ulong)points);
        var value = range.From + (k * step);
        return range.IntegerValued && value == decimal.Truncate(value)
            ? new IntegerValue((long)value, axis.Position)
            : new NumberValue(value, axis.Position);
    }
}
