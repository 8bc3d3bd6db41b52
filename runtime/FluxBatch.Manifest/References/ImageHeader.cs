namespace FluxBatch.Manifest.References;

/// <summary>
/// Reads an image's pixel size from its header (PNG, JPEG, WebP), without an image library: the planner needs
/// input megapixels for the cost estimate, not pixels, and the emulator prices a reference the same way. It lives
/// here, beside the reference rule (<see cref="ImageSignature"/>), so every project that measures a reference (the
/// runtime, the emulator) reads a header with one piece of code and neither depends on the other.
/// </summary>
public static class ImageHeader
{
    public static bool TryReadSize(byte[] data, out int width, out int height)
    {
        var length = System.Math.Min(data.Length, ReferenceRule.HeaderBytes);
        ImageSignature.Read(data, length, out width, out height);
        return width > 0 && height > 0;
    }
}
