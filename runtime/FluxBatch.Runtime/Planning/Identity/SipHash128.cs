using System.Buffers.Binary;
using System.Numerics;

namespace FluxBatch.Planning.Identity;

/// <summary>
/// SipHash-2-4 with 128-bit output (Aumasson and Bernstein, reference implementation's <c>outlen = 16</c> mode),
/// specialised to one 8-byte message: a keyed pseudo-random function that costs tens of nanoseconds where a
/// SHA-256 call costs microseconds. Job ids use it to bind the seed to the SHA-256 of the rest of the request.
/// </summary>
internal static class SipHash128
{
    public static void Hash(ulong k0, ulong k1, ulong message, Span<byte> output)
    {
        var v0 = 0x736f6d6570736575UL ^ k0;
        var v1 = 0x646f72616e646f6dUL ^ k1 ^ 0xee;
        var v2 = 0x6c7967656e657261UL ^ k0;
        var v3 = 0x7465646279746573UL ^ k1;

        v3 ^= message;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= message;

        // Final block: no remaining bytes, length 8 in the top byte.
        var last = 8UL << 56;
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xee;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(output, v0 ^ v1 ^ v2 ^ v3);

        v1 ^= 0xdd;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], v0 ^ v1 ^ v2 ^ v3);
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        unchecked
        {
            v0 += v1;
            v1 = BitOperations.RotateLeft(v1, 13);
            v1 ^= v0;
            v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3;
            v3 = BitOperations.RotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = BitOperations.RotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = BitOperations.RotateLeft(v1, 17);
            v1 ^= v2;
            v2 = BitOperations.RotateLeft(v2, 32);
        }
    }
}
