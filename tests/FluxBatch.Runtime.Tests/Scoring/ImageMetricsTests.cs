using FluxBatch.Scoring;

namespace FluxBatch.Runtime.Tests.Scoring;

/// <summary>Sharpness and colourfulness on synthetic images whose answers are worked out by hand.</summary>
public sealed class ImageMetricsTests
{
    private static RgbImage Image(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                var i = (y * width + x) * 3;
                (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static (byte, byte, byte) Grey(byte level) => (level, level, level);

    [Fact]
    public void A_flat_image_has_no_sharpness_and_no_colourfulness()
    {
        var flat = Image(64, 48, (_, _) => Grey(128));

        Assert.Equal(0, Sharpness.VarianceOfLaplacian(GreyImage.From(flat)), 6);
        Assert.Equal(0, Colourfulness.HaslerSusstrunk(flat), 6);
    }

    [Fact]
    public void A_one_pixel_checkerboard_has_the_largest_laplacian_variance()
    {
        // Every interior pixel has four neighbours of the other colour: L = ±4 × 255, mean 0, variance 1020².
        var board = Image(64, 64, (x, y) => Grey((x + y) % 2 == 0 ? (byte)0 : (byte)255));

        Assert.Equal(1020.0 * 1020.0, Sharpness.VarianceOfLaplacian(GreyImage.From(board)), 1e-3 * 1020 * 1020);
    }

    [Fact]
    public void A_step_edge_scores_its_two_columns_of_laplacian()
    {
        // 16×16, dark left half, bright right half: of the 14×14 interior pixels, the 14 rows × 2 columns at the
        // edge have L = ±255, the rest 0. Mean 0, variance 28 × 255² / 196 = 255² / 7.
        var edge = Image(16, 16, (x, _) => Grey(x < 8 ? (byte)0 : (byte)255));

        Assert.Equal(255.0 * 255.0 / 7.0, Sharpness.VarianceOfLaplacian(GreyImage.From(edge)), 1e-3);
    }

    [Fact]
    public void Large_images_are_measured_downscaled_to_512_pixels()
    {
        // 1024 wide: factor 2, so a checkerboard of 2×2 blocks becomes the one-pixel checkerboard (and a one-pixel
        // one averages to flat grey: noise at full resolution is not sharpness).
        var blocks = Image(1024, 1024, (x, y) => Grey((x / 2 + y / 2) % 2 == 0 ? (byte)0 : (byte)255));
        var fine = Image(1024, 1024, (x, y) => Grey((x + y) % 2 == 0 ? (byte)0 : (byte)255));

        var grey = GreyImage.From(blocks);
        Assert.Equal((512, 512), (grey.Width, grey.Height));
        Assert.Equal(1020.0 * 1020.0, Sharpness.VarianceOfLaplacian(grey), 1e-3 * 1020 * 1020);
        Assert.Equal(0, Sharpness.VarianceOfLaplacian(GreyImage.From(fine)), 3);
    }

    [Fact]
    public void Blurring_an_edge_lowers_its_sharpness()
    {
        var step = Image(64, 64, (x, _) => Grey(x < 32 ? (byte)0 : (byte)255));
        var ramp = Image(64, 64, (x, _) => Grey((byte)Math.Clamp((x - 24) * 16, 0, 255)));

        Assert.True(Sharpness.VarianceOfLaplacian(GreyImage.From(ramp)) < Sharpness.VarianceOfLaplacian(GreyImage.From(step)) / 10);
    }

    [Fact]
    public void Grey_images_have_no_colourfulness_whatever_their_contrast()
    {
        var board = Image(32, 32, (x, y) => Grey((x + y) % 2 == 0 ? (byte)0 : (byte)255));

        Assert.Equal(0, Colourfulness.HaslerSusstrunk(board), 6);
    }

    [Fact]
    public void Pure_red_scores_the_mean_term_only()
    {
        // rg = 255, yb = 127.5 everywhere: no spread, M = 0.3 × sqrt(255² + 127.5²).
        var red = Image(10, 10, (_, _) => (255, 0, 0));

        Assert.Equal(0.3 * Math.Sqrt(255.0 * 255 + 127.5 * 127.5), Colourfulness.HaslerSusstrunk(red), 6);
    }

    [Fact]
    public void Half_red_half_green_scores_the_spread_of_red_green()
    {
        // rg = ±255 (σ = 255, μ = 0), yb = 127.5 everywhere (σ = 0, μ = 127.5): M = 255 + 0.3 × 127.5 = 293.25.
        var halves = Image(10, 10, (x, _) => x < 5 ? ((byte)255, (byte)0, (byte)0) : ((byte)0, (byte)255, (byte)0));

        Assert.Equal(293.25, Colourfulness.HaslerSusstrunk(halves), 6);
    }

    [Theory]
    [InlineData("headline-20px.png")]
    [InlineData("headline-20px.jpg")]
    public void Png_and_jpeg_files_decode_to_their_pixels(string file)
    {
        var image = RgbImage.Decode(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures", file)));

        Assert.Equal((1024, 256, 1024 * 256 * 3), (image.Width, image.Height, image.Rgb.Length));
        Assert.InRange(image.Rgb[0], 0xE0, 0xFF); // the paper colour #f0e6d2 in the corner
    }

    [Fact]
    public void Bytes_that_are_not_an_image_are_reported_as_unreadable() =>
        Assert.Throws<UnreadableImageException>(() => RgbImage.Decode("not an image at all"u8.ToArray()));
}
