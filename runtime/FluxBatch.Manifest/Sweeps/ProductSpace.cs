using System;
using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// The cartesian product as a mixed-radix number: one digit per dimension, where a dimension is a grid axis
/// (in manifest order) or a zip group (after the grid axes, each group one dimension). The last dimension
/// varies fastest. A combination is never stored: it is computed from its digits on demand.
/// </summary>
internal sealed class ProductSpace
{
    private readonly Dimension[] _dimensions;

    public ProductSpace(SweepSpec spec)
    {
        var dimensions = new List<Dimension>();
        foreach (var axis in spec.Grid)
        {
            dimensions.Add(new Dimension(new[] { axis.Name }, new[] { axis.Values }));
        }

        foreach (var group in spec.Zip)
        {
            dimensions.Add(new Dimension(
                group.Axes.Select(a => a.Name).ToArray(),
                group.Axes.Select(a => a.Values).ToArray()));
        }

        _dimensions = dimensions.ToArray();
        Names = _dimensions.SelectMany(d => d.Names).ToArray();
        Count = CountProduct(_dimensions);
    }

    public IReadOnlyList<string> Names { get; }

    public int DimensionCount => _dimensions.Length;

    /// <summary>Combinations in the product, saturating at <see cref="long.MaxValue"/>.</summary>
    public long Count { get; }

    public int Length(int dimension) => _dimensions[dimension].Length;

    public IReadOnlyList<string> NamesOf(int dimension) => _dimensions[dimension].Names;

    /// <summary>The dimension that sets <paramref name="name"/> and the name's slot inside it, or false.</summary>
    public bool TryLocate(string name, out int dimension, out int slot)
    {
        for (dimension = 0; dimension < _dimensions.Length; dimension++)
        {
            slot = Array.IndexOf(_dimensions[dimension].Names, name);
            if (slot >= 0)
            {
                return true;
            }
        }

        dimension = -1;
        slot = -1;
        return false;
    }

    public ManifestValue ValueAt(int dimension, int slot, int digit) => _dimensions[dimension].Columns[slot][digit];

    /// <summary>Writes the combination for <paramref name="digits"/> into <paramref name="values"/> (in <see cref="Names"/> order).</summary>
    public void Fill(int[] digits, ManifestValue[] values)
    {
        var k = 0;
        for (var d = 0; d < _dimensions.Length; d++)
        {
            var columns = _dimensions[d].Columns;
            for (var s = 0; s < columns.Length; s++)
            {
                values[k++] = columns[s][digits[d]];
            }
        }
    }

    /// <summary>Advances the digits odometer-style (last fastest); false once it wraps past the end.</summary>
    public bool Advance(int[] digits)
    {
        for (var d = _dimensions.Length - 1; d >= 0; d--)
        {
            if (++digits[d] < _dimensions[d].Length)
            {
                return true;
            }

            digits[d] = 0;
        }

        return false;
    }

    /// <summary>
    /// The digits of a combination that sets exactly the product's names to these values, or null when no
    /// product entry equals it (an include or a random draw outside the product).
    /// </summary>
    public int[]? FindDigits(SweepCombination combination)
    {
        if (combination.Count != Names.Count || _dimensions.Length == 0)
        {
            return null;
        }

        var digits = new int[_dimensions.Length];
        for (var d = 0; d < _dimensions.Length; d++)
        {
            var dimension = _dimensions[d];
            var found = -1;
            for (var i = 0; i < dimension.Length && found < 0; i++)
            {
                found = i;
                for (var s = 0; s < dimension.Names.Length; s++)
                {
                    if (!combination.TryGetValue(dimension.Names[s], out var value)
                        || !ManifestValueEquality.Instance.Equals(value, dimension.Columns[s][i]))
                    {
                        found = -1;
                        break;
                    }
                }
            }

            if (found < 0)
            {
                return null;
            }

            digits[d] = found;
        }

        return digits;
    }

    private static long CountProduct(Dimension[] dimensions)
    {
        long count = 1;
        foreach (var dimension in dimensions)
        {
            count = SaturatingMath.Multiply(count, dimension.Length);
        }

        return count;
    }

    private sealed class Dimension
    {
        public Dimension(string[] names, IReadOnlyList<ManifestValue>[] columns)
        {
            Names = names;
            Columns = columns;
            // Zip groups of unequal length are rejected by validation; stepping to the shortest keeps
            // expansion total even for an unvalidated spec.
            Length = columns.Length == 0 ? 0 : columns.Min(c => c.Count);
        }

        public string[] Names { get; }

        public IReadOnlyList<ManifestValue>[] Columns { get; }

        public int Length { get; }
    }
}

/// <summary>Counts saturate instead of overflowing, so a validator can say "more than 9.2e18" instead of crashing.</summary>
internal static class SaturatingMath
{
    public static long Multiply(long a, long b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }

        return a > long.MaxValue / b ? long.MaxValue : a * b;
    }

    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
