namespace FluxBatch.Scoring;

/// <summary>
/// A grey-level image (0..255, Rec. 601 luma: 0.299 R + 0.587 G + 0.114 B), box-downscaled by a whole factor so
/// that its longer side is at most <see cref="MaxSide"/>: sharpness is then measured at the same scale whatever
/// size the image was made at, and pixel-level noise (JPEG blocks, dithering) is averaged away.
/// </summary>
internal sealed class GreyImage
{
    /// <summary>The longest side sharpness is measured at.</summary>
    public const int MaxSide = 512;

    private GreyImage(int width, int height, float[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major, <c>Pixels[y * Width + x]</c>.</summary>
    public float[] Pixels { get; }

    public float this[int x, int y] => Pixels[y * Width + x];

    /// <summary>
    /// The factor is <c>ceil(max(width, height) / 512)</c>; each output pixel is the mean of a factor × factor block
    /// (a partial block at the right or bottom edge is dropped).
    /// </summary>
    public static GreyImage From(RgbImage image)
    {
        var factor = Math.Max(1, (Math.Max(image.Width, image.Height) + MaxSide - 1) / MaxSide);
        var width = image.Width / factor;
        var height = image.Height / factor;
        var pixels = new float[width * height];
        var rgb = image.Rgb;
        var area = factor * factor;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var dy = 0; dy < factor; dy++)
                {
                    var row = ((y * factor + dy) * image.Width + x * factor) * 3;
                    for (var dx = 0; dx < factor; dx++, row += 3)
                        sum += 0.299 * rgb[row] + 0.587 * rgb[row + 1] + 0.114 * rgb[row + 2];
                }
                pixels[y * width + x] = (float)(sum / area);
            }
        }
        return new GreyImage(width, height, pixels);
    }
}
