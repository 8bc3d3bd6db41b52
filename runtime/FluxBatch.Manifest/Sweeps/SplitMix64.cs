namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014), written out here because <c>System.Random</c>'s algorithm is not
/// guaranteed across .NET versions and a random sweep must draw the same values forever from its seed.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(long seed)
    {
        _state = unchecked((ulong)seed);
    }

    public ulong Next()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, bound) without modulo bias (rejection of the short last bucket).</summary>
    public ulong NextBelow(ulong bound)
    {
        // 2^64 mod bound, computed in 64 bits: the draws below it would make small results more likely.
        var threshold = unchecked(0UL - bound) % bound;
        while (true)
        {
            var x = Next();
            if (x >= threshold)
            {
                return x % bound;
            }
        }
    }
}
