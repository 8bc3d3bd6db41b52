using System;
using System.Collections.Generic;
using System.Globalization;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// Compares manifest values by what they mean, not where they were written: positions are ignored and
/// numbers compare by value, so <c>guidance: 4</c> in an exclude matches <c>4.0</c> produced by a range.
/// Used wherever the sweep must decide that two combinations are the same (excludes, includes, random draws).
/// </summary>
public sealed class ManifestValueEquality : IEqualityComparer<ManifestValue>
{
    public static ManifestValueEquality Instance { get; } = new ManifestValueEquality();

    private ManifestValueEquality()
    {
    }

    public bool Equals(ManifestValue? x, ManifestValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        if (TryGetNumber(x, out var a) && TryGetNumber(y, out var b))
        {
            return a == b;
        }

        switch (x)
        {
            case StringValue s when y is StringValue t:
                return string.Equals(s.Value, t.Value, StringComparison.Ordinal);
            case BoolValue p when y is BoolValue q:
                return p.Value == q.Value;
            case ListValue l when y is ListValue m:
                return SequenceEqual(l.Items, m.Items);
            case MapValue l when y is MapValue m:
                return MapEqual(l, m);
            default:
                return false;
        }
    }

    public int GetHashCode(ManifestValue obj)
    {
        switch (obj)
        {
            case StringValue s:
                return StringComparer.Ordinal.GetHashCode(s.Value);
            case IntegerValue i:
                return NormalizedNumber((decimal)i.Value).GetHashCode();
            case NumberValue n:
                return NormalizedNumber(n.Value).GetHashCode();
            case BoolValue b:
                return b.Value ? 1 : 2;
            case ListValue l:
                var hash = 17;
                foreach (var item in l.Items)
                {
                    hash = unchecked((hash * 31) + GetHashCode(item));
                }

                return hash;
            case MapValue m:
                return m.Entries.Count;
            default:
                return 0;
        }
    }

    /// <summary>The number a value holds, if it is numeric.</summary>
    public static bool TryGetNumber(ManifestValue value, out decimal number)
    {
        switch (value)
        {
            case IntegerValue i:
                number = i.Value;
                return true;
            case NumberValue n:
                number = n.Value;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>
    /// The shortest invariant text of a number (<c>4.0</c> and <c>4</c> both give <c>4</c>, <c>2.50</c> gives
    /// <c>2.5</c>): the canonical form used for hashing and plan text, so equal numbers hash equally.
    /// </summary>
    public static string FormatNumber(decimal value) =>
        NormalizedNumber(value).ToString(CultureInfo.InvariantCulture);

    // Dividing by 1 with 28 trailing zeros drops the trailing zeros of the scale (a documented decimal idiom).
    private static decimal NormalizedNumber(decimal value) => value / 1.0000000000000000000000000000m;

    private bool SequenceEqual(IReadOnlyList<ManifestValue> a, IReadOnlyList<ManifestValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool MapEqual(MapValue a, MapValue b)
    {
        if (a.Entries.Count != b.Entries.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Entries.Count; i++)
        {
            if (!string.Equals(a.Entries[i].Key, b.Entries[i].Key, StringComparison.Ordinal)
                || !Equals(a.Entries[i].Value, b.Entries[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}
