using System.Buffers.Binary;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// Megapixels of a reference image, for pricing. Base64 PNG and JPEG (raw or as a data URI) are measured from
/// their headers; URLs are never fetched (the emulator stays on loopback), so they, and anything unreadable, count
/// as 1 MP. Inputs over 4 MP are resized by the server, so they count as 4.19 MP at most.
/// </summary>
internal static class InputImageSize
{
    private const int MaxInputSide = 2048;
    private const decimal UnknownMegapixels = 1m;

    public static decimal Megapixels(string image)
    {
        var size = TryDecode(image) is { } bytes ? PngSize(bytes) ?? JpegSize(bytes) : null;
        if (size is not { } known)
        {
            return UnknownMegapixels;
        }
        var (width, height) = known;
        return (long)width * height > (long)MaxInputSide * MaxInputSide
            ? CostEstimator.Megapixels(MaxInputSide, MaxInputSide)
            : CostEstimator.Megapixels(width, height);
    }

    private static byte[]? TryDecode(string image)
    {
        if (image.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || image.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var comma = image.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? image.IndexOf(',', StringComparison.Ordinal) : -1;
        var payload = comma >= 0 ? image[(comma + 1)..] : image;
        var buffer = new byte[payload.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(payload, buffer, out var written) ? buffer[..written] : null;
    }

    private static (int Width, int Height)? PngSize(byte[] bytes) =>
        bytes.Length >= 24 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes[12] == (byte)'I' && bytes[13] == (byte)'H'
            ? (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)))
            : null;

    /// <summary>Walks the JPEG segments to the first start-of-frame marker, which holds height and width.</summary>
    private static (int Width, int Height)? JpegSize(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return null;
        }
        var i = 2;
        while (i + 9 < bytes.Length && bytes[i] == 0xFF)
        {
            var marker = bytes[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 2));
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 5)));
            }
            i += 2 + length;
        }
        return null;
    }
}
