using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Planning.Identity;

namespace FluxBatch.Planning.Seeds;

/// <summary>
/// Chooses the seed of every job. A fixed <c>seed: 42</c> is sent as is. Derived seeds (<c>seeds: {base, count}</c>)
/// depend only on the base, the job's sweep values by name and the seed ordinal, never on the job's position, so
/// adding a value to an axis leaves every existing job's seed unchanged:
/// <code>
/// d    = first 8 bytes (big-endian) of SHA-256("fluxbatch-seed-v1" 0x1E, "base" 0x1F base 0x1E,
///        then for each sweep name in ordinal order: name 0x1F type-tag value 0x1E)
/// seed = SplitMix64Finalizer(d + (ordinal + 1) * 0x9E3779B97F4A7C15) AND 0x7FFFFFFF
/// </code>
/// Numbers are written in their shortest form (guidance 4.0 and 4 derive the same seed). The result lies in
/// 0..2^31-1, the range a 32-bit signed <c>int</c> seed accepts on every API variant. One SHA-256 per
/// combination and a multiply-xorshift per seed keeps a million seeds cheap.
/// </summary>
public sealed class SeedDerivation
{
    public const long MaxSeed = int.MaxValue;

    private readonly SeedSpec _spec;
    private readonly CanonicalWriter _writer = new();

    public SeedDerivation(SeedSpec spec)
    {
        _spec = spec;
    }

    /// <summary>Seeds per combination: 1 for a fixed seed.</summary>
    public int SeedsPerCombination => _spec.Fixed is null ? Math.Max(0, _spec.Count) : 1;

    /// <summary>The hash of a combination's values, computed once and shared by its seeds.</summary>
    public ulong CombinationDigest(SweepCombination combination)
    {
        _writer.Reset();
        _writer.Field("fluxbatch-seed-v1", string.Empty);
        _writer.Field("base", _spec.Base);
        var order = new int[combination.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(combination.Names[a], combination.Names[b]));
        foreach (var i in order)
        {
            var value = combination.ValueAt(i);
            _writer.Field(combination.Names[i], TypeTag(value) + SweepValueText.Format(value));
        }

        return _writer.Hash64();
    }

    /// <summary>The seed sent for ordinal <paramref name="ordinal"/> of a combination.</summary>
    public long Seed(ulong combinationDigest, int ordinal)
    {
        if (_spec.Fixed is { } fixedSeed)
        {
            return fixedSeed;
        }

        unchecked
        {
            var z = combinationDigest + ((ulong)(ordinal + 1) * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (long)(z & MaxSeed);
        }
    }

    // Tags keep the string "4" and the number 4 apart.
    private static string TypeTag(ManifestValue value) => value switch
    {
        StringValue => "s:",
        IntegerValue or NumberValue => "n:",
        BoolValue => "b:",
        ListValue => "l:",
        _ => "m:",
    };
}
