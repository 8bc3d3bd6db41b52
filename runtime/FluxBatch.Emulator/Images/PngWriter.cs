using System.Buffers.Binary;
using System.IO.Compression;

namespace FluxBatch.Emulator.Images;

/// <summary>
/// A minimal PNG writer (8-bit RGB, one IDAT, the Sub filter on every row). stb_image_write's PNG path took
/// about 450 ms for 1024×1536 here, since it tries every filter on every row with its own deflate; the emulator
/// must be cheap. Large images use the platform's zlib at its fastest level (about 28 ms for 1024×1536); small
/// ones are stored uncompressed, because setting up a deflater costs more than the whole image is worth.
/// </summary>
internal static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// Filtered image data up to this size is stored, not deflated: one stored deflate block holds at most this
    /// much (a 128×128 image is 49 KB).
    /// </summary>
    private const int StoreThresholdBytes = 65535;

    public static byte[] Write(ReadOnlySpan<byte> rgb, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        // compression, filter and interlace methods stay 0.
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, Deflate(rgb, width, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Deflate(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var filtered = Filter(rgb, width, height);
        if (filtered.Length <= StoreThresholdBytes)
        {
            return Store(filtered);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(filtered);
        }
        return compressed.ToArray();
    }

    /// <summary>Each row prefixed with filter type 1 (Sub: each byte minus the one a pixel to its left), so gradients compress well.</summary>
    private static byte[] Filter(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var stride = width * 3;
        var filtered = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = rgb.Slice(y * stride, stride);
            var output = filtered.AsSpan(y * (stride + 1), stride + 1);
            output[0] = 1;
            row[..3].CopyTo(output[1..]);
            for (var i = 3; i < stride; i++)
            {
                output[i + 1] = (byte)(row[i] - row[i - 3]);
            }
        }
        return filtered;
    }

    /// <summary>A zlib stream of one stored (uncompressed) deflate block, with its Adler-32 trailer.</summary>
    private static byte[] Store(byte[] data)
    {
        var output = new byte[2 + 5 + data.Length + 4];
        output[0] = 0x78; // deflate, 32K window
        output[1] = 0x01; // no preset dictionary; 0x7801 is a multiple of 31, as zlib requires
        output[2] = 1; // BFINAL, BTYPE 00 = stored
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(3), (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(5), (ushort)~data.Length);
        data.CopyTo(output.AsSpan(7));
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(7 + data.Length), Adler32(data));
        return output;
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint modulus = 65521;
        uint a = 1, b = 0;
        // 5552 is the longest run before b can overflow 32 bits (zlib's NMAX).
        for (var start = 0; start < data.Length; start += 5552)
        {
            foreach (var value in data.Slice(start, Math.Min(5552, data.Length - start)))
            {
                a += value;
                b += a;
            }
            a %= modulus;
            b %= modulus;
        }
        return (b << 16) | a;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32(0xFFFFFFFFu, type);
        crc = Crc32(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
