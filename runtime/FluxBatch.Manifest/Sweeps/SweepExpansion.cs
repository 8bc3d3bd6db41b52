using System;
using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// The combinations of a <see cref="SweepSpec"/>, enumerated lazily in this documented order:
/// <list type="number">
/// <item>the product of the grid axes (manifest order) and the zip groups (each group one dimension, after the
/// grid axes), last dimension fastest, without the entries an <c>exclude</c> matches (an entry is dropped when
/// it equals every key of one exclude);</item>
/// <item>the <c>include</c> entries, in manifest order, each a combination of its own (unlike GitHub Actions,
/// an include never extends product entries), skipped when equal to an entry already planned;</item>
/// <item>the <c>random</c> samples (see <see cref="RandomSampler"/>).</item>
/// </list>
/// The product contributes its single empty combination only when the sweep has no dimension and no other kind,
/// so a manifest without a sweep plans one combination and <c>random: {n: 24}</c> alone plans 24.
/// Counting never walks the product; only the random samples (bounded by <c>n</c>) are drawn once and kept.
/// </summary>
public sealed class SweepExpansion
{
    private readonly ProductSpace _space;
    private readonly ExcludeFilter _excludes;
    private readonly bool _productContributes;
    private readonly Lazy<IReadOnlyList<SweepCombination>> _includes;
    private readonly Lazy<IReadOnlyList<SweepCombination>> _samples;
    private readonly Lazy<long> _productCount;

    private SweepExpansion(SweepSpec spec)
    {
        Spec = spec;
        _space = new ProductSpace(spec);
        _excludes = new ExcludeFilter(_space, spec.Exclude);
        _productContributes = _space.DimensionCount > 0 || (spec.Include.Count == 0 && spec.Random is null);
        _productCount = new Lazy<long>(CountProduct);
        _includes = new Lazy<IReadOnlyList<SweepCombination>>(DistinctIncludes);
        _samples = new Lazy<IReadOnlyList<SweepCombination>>(
            () => spec.Random is null
                ? Array.Empty<SweepCombination>()
                : RandomSampler.Sample(spec.Random, IsPlannedBeforeRandom));
    }

    public static SweepExpansion Create(SweepSpec spec) => new SweepExpansion(spec ?? throw new ArgumentNullException(nameof(spec)));

    public SweepSpec Spec { get; }

    /// <summary>Names the product sets, in enumeration order (grid axes, then zip axes).</summary>
    public IReadOnlyList<string> ProductNames => _space.Names;

    /// <summary>Entries of the product before excludes (saturating at <see cref="long.MaxValue"/>).</summary>
    public long ProductCountBeforeExcludes => _productContributes ? _space.Count : 0;

    /// <summary>Entries of the product that survive the excludes.</summary>
    public long ProductCount => _productCount.Value;

    /// <summary>Include entries that add a combination (duplicates of planned ones are not counted).</summary>
    public int IncludeCount => _includes.Value.Count;

    /// <summary>Random samples actually drawn (fewer than <c>n</c> only when the space is smaller).</summary>
    public int RandomCount => _samples.Value.Count;

    /// <summary>Every combination: product after excludes, plus includes, plus random samples.</summary>
    public long Count => SaturatingMath.Add(SaturatingMath.Add(ProductCount, IncludeCount), RandomCount);

    /// <summary>Lazily yields every combination in the documented order.</summary>
    public IEnumerable<SweepCombination> Enumerate()
    {
        foreach (var combination in EnumerateProduct())
        {
            yield return combination;
        }

        foreach (var include in _includes.Value)
        {
            yield return include;
        }

        foreach (var sample in _samples.Value)
        {
            yield return sample;
        }
    }

    /// <summary>
    /// Every combination reduced to <paramref name="names"/> (names it does not set are left out), with how many
    /// combinations each stands for; equal projections may appear more than once. For the cost estimate, which
    /// depends on a few names only (the size): when no dimension sets them the product is one group; without
    /// excludes only the dimensions setting them are walked, so a 10^12 sweep over a 3-value size axis yields
    /// 3 groups. Only a sweep that both varies those names and has excludes is walked entry by entry.
    /// </summary>
    public IEnumerable<KeyValuePair<SweepCombination, long>> CountBy(IReadOnlyCollection<string> names)
    {
        foreach (var group in CountProductBy(names))
        {
            yield return group;
        }

        foreach (var combination in _includes.Value.Concat(_samples.Value))
        {
            yield return new KeyValuePair<SweepCombination, long>(Project(combination, names), 1);
        }
    }

    private IEnumerable<KeyValuePair<SweepCombination, long>> CountProductBy(IReadOnlyCollection<string> names)
    {
        if (ProductCount == 0)
        {
            yield break;
        }

        var touching = Enumerable.Range(0, _space.DimensionCount)
            .Where(d => _space.NamesOf(d).Any(names.Contains))
            .ToArray();
        if (touching.Length == 0)
        {
            // Nothing varies the projected names: one group holds the whole product (excludes included).
            yield return new KeyValuePair<SweepCombination, long>(
                new SweepCombination(Array.Empty<string>(), Array.Empty<ManifestValue>(), SweepSource.Product), ProductCount);
            yield break;
        }

        if (!_excludes.IsEmpty)
        {
            foreach (var combination in EnumerateProduct())
            {
                yield return new KeyValuePair<SweepCombination, long>(Project(combination, names), 1);
            }

            yield break;
        }

        long multiplicity = 1;
        for (var d = 0; d < _space.DimensionCount; d++)
        {
            if (!touching.Contains(d))
            {
                multiplicity = SaturatingMath.Multiply(multiplicity, _space.Length(d));
            }
        }

        var groupNames = touching.SelectMany(d => _space.NamesOf(d)).ToArray();
        var digits = new int[touching.Length];
        while (true)
        {
            var values = new List<ManifestValue>(groupNames.Length);
            for (var t = 0; t < touching.Length; t++)
            {
                for (var slot = 0; slot < _space.NamesOf(touching[t]).Count; slot++)
                {
                    values.Add(_space.ValueAt(touching[t], slot, digits[t]));
                }
            }

            var group = new SweepCombination(groupNames, values.ToArray(), SweepSource.Product);
            yield return new KeyValuePair<SweepCombination, long>(Project(group, names), multiplicity);

            var i = touching.Length - 1;
            for (; i >= 0; i--)
            {
                if (++digits[i] < _space.Length(touching[i]))
                {
                    break;
                }

                digits[i] = 0;
            }

            if (i < 0)
            {
                yield break;
            }
        }
    }

    private static SweepCombination Project(SweepCombination combination, IReadOnlyCollection<string> names)
    {
        var kept = Enumerable.Range(0, combination.Count).Where(i => names.Contains(combination.Names[i])).ToArray();
        return new SweepCombination(
            kept.Select(i => combination.Names[i]).ToArray(),
            kept.Select(combination.ValueAt).ToArray(),
            combination.Source);
    }

    private IEnumerable<SweepCombination> EnumerateProduct()
    {
        if (!_productContributes || _space.Count == 0)
        {
            yield break;
        }

        var names = _space.Names;
        var digits = new int[_space.DimensionCount];
        do
        {
            if (_excludes.IsEmpty || !_excludes.IsExcluded(digits))
            {
                var values = new ManifestValue[names.Count];
                _space.Fill(digits, values);
                yield return new SweepCombination(names, values, SweepSource.Product);
            }
        }
        while (_space.Advance(digits));
    }

    private long CountProduct()
    {
        if (!_productContributes)
        {
            return 0;
        }

        return _space.Count - _excludes.CountExcluded();
    }

    private bool IsInProduct(SweepCombination combination)
    {
        if (!_productContributes)
        {
            return false;
        }

        if (_space.DimensionCount == 0)
        {
            return combination.Count == 0;
        }

        var digits = _space.FindDigits(combination);
        return digits is not null && !_excludes.IsExcluded(digits);
    }

    private IReadOnlyList<SweepCombination> DistinctIncludes()
    {
        var result = new List<SweepCombination>();
        foreach (var include in Spec.Include)
        {
            var combination = new SweepCombination(
                include.Values.Select(v => v.Key).ToArray(),
                include.Values.Select(v => v.Value).ToArray(),
                SweepSource.Include);
            if (!IsInProduct(combination) && !result.Any(r => r.SameAs(combination)))
            {
                result.Add(combination);
            }
        }

        return result;
    }

    private bool IsPlannedBeforeRandom(SweepCombination sample) =>
        IsInProduct(sample) || _includes.Value.Any(i => i.SameAs(sample));
}
