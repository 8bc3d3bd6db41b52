using StbImageSharp;

namespace FluxBatch.Scoring;

/// <summary>Decoded pixels, packed RGB, 8 bits a channel, rows top to bottom.</summary>
internal sealed record RgbImage(int Width, int Height, byte[] Rgb)
{
    /// <summary>
    /// Decodes PNG or JPEG (also BMP, GIF, TGA) with stb_image's C# port: managed code, no native library, the
    /// decoding twin of the StbImageWriteSharp the emulator encodes with. Alpha and grey are converted to RGB.
    /// </summary>
    /// <exception cref="UnreadableImageException">The bytes are not an image stb_image can decode.</exception>
    public static RgbImage Decode(byte[] encoded)
    {
        try
        {
            var image = ImageResult.FromMemory(encoded, ColorComponents.RedGreenBlue);
            return new RgbImage(image.Width, image.Height, image.Data);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // stb_image reports a bad file by throwing whatever its port hits first; all of them mean "not an image".
            throw new UnreadableImageException(e.Message);
        }
    }
}

/// <summary>An image file that cannot be decoded; its job is reported, the other images are still scored.</summary>
internal sealed class UnreadableImageException(string why) : Exception("the image cannot be decoded: " + why);
