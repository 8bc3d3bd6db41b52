using StbImageWriteSharp;

namespace FluxBatch.Emulator.Images;

/// <summary>The two output formats of the API.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
}

/// <summary>
/// Encodes packed RGB pixels: PNG with <see cref="PngWriter"/>, JPEG with stb_image_write's C# port
/// (no native binaries).
/// </summary>
internal static class ImageEncoder
{
    private const int JpegQuality = 90;

    public static byte[] Encode(byte[] rgb, int width, int height, ImageFormat format)
    {
        if (format == ImageFormat.Png)
        {
            return PngWriter.Write(rgb, width, height);
        }
        using var stream = new MemoryStream();
        new ImageWriter().WriteJpg(rgb, width, height, ColorComponents.RedGreenBlue, stream, JpegQuality);
        return stream.ToArray();
    }

    public static string Extension(ImageFormat format) => format == ImageFormat.Png ? "png" : "jpeg";

    public static string ContentType(ImageFormat format) => format == ImageFormat.Png ? "image/png" : "image/jpeg";
}
