using System.Buffers.Binary;
using System.IO.Compression;

namespace FluxBatch.Emulator.Images;

/// <summary>
/// A minimal PNG writer (8-bit RGB, one IDAT, the Sub filter on every row, zlib at its fastest level).
/// stb_image_write's PNG path took about 450 ms for 1024×1536 here, since it tries every filter on every row
/// with its own deflate; the emulator must be cheap, and the platform's zlib does this in a few milliseconds.
/// </summary>
internal static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

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
        var stride = width * 3;
        var filtered = new byte[stride + 1];
        filtered[0] = 1; // Sub: each byte minus the byte one pixel to its left, so gradients compress well.
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                row[..3].CopyTo(filtered.AsSpan(1));
                for (var i = 3; i < stride; i++)
                {
                    filtered[i + 1] = (byte)(row[i] - row[i - 3]);
                }
                zlib.Write(filtered);
            }
        }
        return compressed.ToArray();
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
