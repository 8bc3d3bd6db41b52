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
