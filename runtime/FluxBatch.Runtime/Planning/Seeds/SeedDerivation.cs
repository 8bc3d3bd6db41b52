using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Planning.Identity;

namespace FluxBatch.Planning.Seeds;

/// <summary>
/// Chooses the seeds of every combination. A fixed <c>seed: 42</c> and listed <c>seeds: {values}</c> are sent as
/// they are. Derived seeds (<c>seeds: {base, count}</c>, derivation v2) depend only on the base, the ordinal k and,
/// when <c>vary_with</c> lists axes, those axes' values by name, never on any other value or on a job's position.
/// So every cell of a sweep runs the same seeds (a controlled experiment), and adding a value to an axis, adding an
/// axis outside <c>vary_with</c> or reordering axes leaves every existing job's seed unchanged:
/// <code>
/// d    = first 8 bytes (big-endian) of SHA-256("fluxbatch-seed-v2" 0x1F 0x1E, "base" 0x1F base 0x1E,
///        then for each vary_with name the combination sets, in ordinal order: name 0x1F type-tag value 0x1E)
/// seed = SplitMix64Finalizer(d + k * 0x9E3779B97F4A7C15) AND 0x7FFFFFFF,  k = 1..count
/// </code>
/// Numbers are written in their shortest form (guidance 4.0 and 4 derive the same seed). The result lies in
/// 0..2^31-1, the range a 32-bit signed <c>int</c> seed accepts on every API variant. Without <c>vary_with</c> the
/// digest is computed once per plan; with it, one SHA-256 per combination.
/// </summary>
internal sealed class SeedDerivation
{
    public const long MaxSeed = int.MaxValue;

    /// <summary>The derivation's version, written into every digest (v1 also hashed every sweep value).</summary>
    public const string Version = "fluxbatch-seed-v2";

    private readonly SeedSpec _spec;
    private readonly string[] _varyWith;
    private readonly CanonicalWriter _writer = new();
    private readonly ulong _sharedDigest;

    public SeedDerivation(SeedSpec spec)
    {
        _spec = spec;
        _varyWith = spec.VaryWith.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _sharedDigest = Digest(null);
    }

    /// <summary>Seeds per combination: 1 for a fixed seed, the number listed for <c>values</c>.</summary>
    public int SeedsPerCombination => _spec.Policy switch
    {
        SeedPolicy.Fixed => 1,
        SeedPolicy.Listed => _spec.Values!.Count,
        _ => Math.Max(0, _spec.Count),
    };

    /// <summary>The hash a combination's seeds are derived from, computed once and shared by its seeds.</summary>
    public ulong CombinationDigest(SweepCombination combination) =>
        _varyWith.Length == 0 ? _sharedDigest : Digest(combination);

    /// <summary>The seed sent for seed ordinal <paramref name="k"/> (1..<see cref="SeedsPerCombination"/>) of a combination.</summary>
    public long Seed(ulong combinationDigest, int k)
    {
        switch (_spec.Policy)
        {
            case SeedPolicy.Fixed:
                return _spec.Fixed!.Value;
            case SeedPolicy.Listed:
                return _spec.Values![k - 1];
        }

        unchecked
        {
            var z = combinationDigest + ((ulong)k * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (long)(z & MaxSeed);
        }
    }

    private ulong Digest(SweepCombination? combination)
    {
        _writer.Reset();
        _writer.Field(Version, string.Empty);
        _writer.Field("base", _spec.Base);
        if (combination is not null)
        {
            foreach (var name in _varyWith)
            {
                // A combination that does not set a listed axis (an include entry, say) hashes without it.
                if (combination.TryGetValue(name, out var value))
                {
                    _writer.Field(name, TypeTag(value) + SweepValueText.Format(value));
                }
            }
        }

        return _writer.Hash64();
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
