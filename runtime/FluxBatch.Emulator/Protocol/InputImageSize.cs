using FluxBatch.Manifest.Pricing;
using FluxBatch.Manifest.References;

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
        // One header reader for the planner and the emulator, so both measure a reference the same way.
        if (TryDecode(image) is not { } bytes || !ImageHeader.TryReadSize(bytes, out var width, out var height))
        {
            return UnknownMegapixels;
        }
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
}
