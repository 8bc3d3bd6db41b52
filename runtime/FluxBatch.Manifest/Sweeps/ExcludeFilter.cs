using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// The <c>exclude</c> entries compiled against the product: each becomes, per dimension it mentions, the set of
/// digits whose values match. A product entry is dropped when it matches every key of at least one exclude.
/// An exclude naming a key the product does not set matches nothing (validation reports such keys).
/// </summary>
internal sealed class ExcludeFilter
{
    // Beyond this many points in the sub-space of constrained dimensions, counting switches from enumeration
    // to inclusion-exclusion.
    private const long EnumerationLimit = 1 << 20;

    private readonly ProductSpace _space;
    private readonly Constraint[][] _excludes;

    public ExcludeFilter(ProductSpace space, IReadOnlyList<Combination> excludes)
    {
        _space = space;
        _excludes = excludes
            .Select(Compile)
            .Where(c => c is not null)
            .Select(c => c!)
            .ToArray();
    }

    public bool IsEmpty => _excludes.Length == 0;

    public bool IsExcluded(int[] digits)
    {
        foreach (var exclude in _excludes)
        {
            if (Matches(exclude, digits))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How many product entries are excluded, without walking the product: only the dimensions that some
    /// exclude mentions are enumerated (usually a handful of values), and each hit stands for every
    /// combination of the free dimensions. A very large constrained sub-space is counted by inclusion-exclusion.
    /// </summary>
    public long CountExcluded()
    {
        if (_excludes.Length == 0 || _space.Count == 0)
        {
            return 0;
        }

        var constrained = _excludes.SelectMany(e => e).Select(c => c.Dimension).Distinct().OrderBy(d => d).ToArray();
        long subspace = 1;
        foreach (var d in constrained)
        {
            subspace = SaturatingMath.Multiply(subspace, _space.Length(d));
        }

        long free = 1;
        for (var d = 0; d < _space.DimensionCount; d++)
        {
            if (!constrained.Contains(d))
            {
                free = SaturatingMath.Multiply(free, _space.Length(d));
            }
        }

        return subspace <= EnumerationLimit
            ? SaturatingMath.Multiply(CountByEnumeration(constrained), free)
            : CountByInclusionExclusion();
    }

    private long CountByEnumeration(int[] constrained)
    {
        var digits = new int[_space.DimensionCount];
        long hits = 0;
        while (true)
        {
            if (IsExcluded(digits))
            {
                hits++;
            }

            // Odometer over the constrained dimensions only; the others stay at digit 0 and are never read.
            var i = constrained.Length - 1;
            for (; i >= 0; i--)
            {
                var d = constrained[i];
                if (++digits[d] < _space.Length(d))
                {
                    break;
                }

                digits[d] = 0;
            }

            if (i < 0)
            {
                return hits;
            }
        }
    }

    // |A1 ∪ … ∪ An| over the whole product, pruning every intersection that is already empty.
    private long CountByInclusionExclusion()
    {
        long total = 0;
        var current = new Dictionary<int, bool[]>();
        Visit(0, 0, current, ref total);
        return total;
    }

    private void Visit(int start, int depth, Dictionary<int, bool[]> intersection, ref long total)
    {
        for (var i = start; i < _excludes.Length; i++)
        {
            var next = new Dictionary<int, bool[]>(intersection);
            var empty = false;
            foreach (var constraint in _excludes[i])
            {
                var allowed = next.TryGetValue(constraint.Dimension, out var existing)
                    ? existing.Zip(constraint.Allowed, (a, b) => a && b).ToArray()
                    : constraint.Allowed;
                next[constraint.Dimension] = allowed;
                empty |= !allowed.Contains(true);
            }

            if (empty)
            {
                continue;
            }

            long size = 1;
            for (var d = 0; d < _space.DimensionCount; d++)
            {
                size = SaturatingMath.Multiply(size, next.TryGetValue(d, out var allowed) ? allowed.Count(a => a) : _space.Length(d));
            }

            total += depth % 2 == 0 ? size : -size;
            Visit(i + 1, depth + 1, next, ref total);
        }
    }

    private static bool Matches(Constraint[] exclude, int[] digits)
    {
        foreach (var constraint in exclude)
        {
            if (!constraint.Allowed[digits[constraint.Dimension]])
            {
                return false;
            }
        }

        return true;
    }

    private Constraint[]? Compile(Combination exclude)
    {
        var byDimension = new Dictionary<int, bool[]>();
        foreach (var entry in exclude.Values)
        {
            if (!_space.TryLocate(entry.Key, out var dimension, out var slot))
            {
                return null;
            }

            if (!byDimension.TryGetValue(dimension, out var allowed))
            {
                allowed = Enumerable.Repeat(true, _space.Length(dimension)).ToArray();
                byDimension[dimension] = allowed;
            }

            for (var digit = 0; digit < allowed.Length; digit++)
            {
                allowed[digit] &= ManifestValueEquality.Instance.Equals(_space.ValueAt(dimension, slot, digit), entry.Value);
            }
        }

        // An empty exclude would drop everything; validation rejects it, expansion ignores it.
        return byDimension.Count == 0
            ? null
            : byDimension.Select(p => new Constraint(p.Key, p.Value)).ToArray();
    }

    private sealed class Constraint
    {
        public Constraint(int dimension, bool[] allowed)
        {
            Dimension = dimension;
            Allowed = allowed;
        }

        public int Dimension { get; }

        public bool[] Allowed { get; }
    }
}
