using FluxBatch.Manifest.References;

namespace FluxBatch.Planning.References;

/// <summary>
/// Reads an image's pixel size from its header (PNG, JPEG, WebP), without an image library: the planner needs
/// input megapixels for the cost estimate, not pixels. The decoding lives with the reference rule
/// (<see cref="ImageSignature"/>), so both read a header the same way.
/// </summary>
public static class ImageHeader
{
    public static bool TryReadSize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        var header = data[..Math.Min(data.Length, ReferenceRule.HeaderBytes)].ToArray();
        ImageSignature.Read(header, header.Length, out width, out height);
        return width > 0 && height > 0;
    }
}
