using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FluxBatch.Emulator.Faults;

/// <summary>
/// Seeded random numbers that depend only on what they are for (seed, purpose, subject, index), never on the
/// order in which concurrent requests arrive. So the same seed and the same requests give the same faults and
/// latencies however the client interleaves them, and a retry (the next index) gets a fresh draw.
/// </summary>
internal static class DeterministicDraw
{
    /// <summary>64 well-mixed bits.</summary>
    public static ulong Bits(int seed, string purpose, string subject, long index)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{seed}|{purpose}|{subject}|{index}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    /// <summary>A uniform number in [0, 1).</summary>
    public static double Unit(int seed, string purpose, string subject, long index) =>
        (Bits(seed, purpose, subject, index) >> 11) * (1.0 / (1UL << 53));
}
