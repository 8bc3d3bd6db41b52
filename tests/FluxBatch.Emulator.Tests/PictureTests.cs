using FluxBatch.Emulator.Images;

namespace FluxBatch.Emulator.Tests;

/// <summary>
/// The emulator's pictures read as a sweep: the same seed and prompt give the same composition in every cell,
/// steps refine it (coarse and noisy to clean, monotonic), guidance raises contrast and saturation (monotonic),
/// the prompt's quoted text is lettered and references are visibly used. Measured on pixels, not by eye.
/// </summary>
public sealed class PictureTests
{
    private const string Poster = "A minimalist concert poster for \"Night Owls\", headline \"LIVE AT THE ROUNDHOUSE\" set in condensed sans-serif lettering, warm palette.";
    private const int Width = 128;
    private const int Height = 192;

    // The poster example's two shared seeds (base 2026) and a steps x guidance grid like its sweep.
    private static readonly long[] Seeds = [716852728, 809698969];
    private static readonly int[] Steps = [12, 24, 40, 50];
    private static readonly decimal[] Guidance = [2.5m, 4.0m, 5.5m, 7.0m, 8.5m];

    [Fact]
    public void Cells_of_one_seed_differ_at_most_half_as_much_as_cells_of_different_seeds()
    {
        var cells = (from seed in Seeds from steps in Steps from guidance in Guidance
                     select (Seed: seed, Pixels: Render(Poster, seed, steps, guidance))).ToArray();

        var same = new List<double>();
        var different = new List<double>();
        for (var i = 0; i < cells.Length; i++)
        {
            for (var j = i + 1; j < cells.Length; j++)
            {
                (cells[i].Seed == cells[j].Seed ? same : different).Add(MeanAbsoluteDifference(cells[i].Pixels, cells[j].Pixels));
            }
        }

        Assert.True(same.Average() <= different.Average() / 2,
            $"same seed: mean {same.Average():F1} per channel; different seeds: mean {different.Average():F1}");
    }

    [Fact]
    public void More_steps_refine_the_picture_monotonically_to_a_clean_one_at_50()
    {
        int[] steps = [1, 6, 12, 24, 40, 50];
        foreach (var guidance in Guidance)
        {
            var clean = Render(Poster, Seeds[0], 50, guidance);
            var distances = steps.Select(s => MeanAbsoluteDifference(Render(Poster, Seeds[0], s, guidance), clean)).ToArray();
            var roughness = steps.Select(s => Roughness(Render(Poster, Seeds[0], s, guidance))).ToArray();

            Assert.True(IsStrictlyDecreasing(distances), $"guidance {guidance}: distance to 50 steps {Text(distances)}");
            Assert.True(IsStrictlyDecreasing(roughness[..^1]), $"guidance {guidance}: pixel-to-pixel noise {Text(roughness)}");
            Assert.Equal(0, distances[^1]);
        }
    }

    [Fact]
    public void More_guidance_raises_contrast_and_saturation_monotonically()
    {
        decimal[] guidance = [1.5m, 2.5m, 4.0m, 5.5m, 7.0m, 8.5m, 10m];
        foreach (var steps in Steps)
        {
            var pictures = guidance.Select(g => Render(Poster, Seeds[1], steps, g)).ToArray();
            var contrast = pictures.Select(LumaDeviation).ToArray();
            var saturation = pictures.Select(MeanSaturation).ToArray();

            Assert.True(IsStrictlyIncreasing(contrast), $"steps {steps}: luma deviation {Text(contrast)}");
            Assert.True(IsStrictlyIncreasing(saturation), $"steps {steps}: saturation {Text(saturation)}");
        }
    }

    [Fact]
    public void The_composition_follows_the_prompt_and_the_seed_not_the_other_fields()
    {
        var a = Render(Poster, 5, 50, 4.5m);

        Assert.Equal(a, Render(Poster, 5, 50, 4.5m));
        Assert.NotEqual(a, Render(Poster.Replace("Night Owls", "Day Larks", StringComparison.Ordinal), 5, 50, 4.5m));
        Assert.NotEqual(a, Render(Poster, 6, 50, 4.5m));
    }

    [Fact]
    public void Quoted_text_of_the_prompt_is_the_lettering()
    {
        Assert.Equal(["Night Owls", "LIVE AT THE ROUNDHOUSE"], Lettering.Of(Poster));
        Assert.Equal(["OPEN LATE"], Lettering.Of("a sign reading \u201COPEN LATE\u201D"));
        Assert.Empty(Lettering.Of("a lighthouse at dusk"));

        // The lettering is drawn: only the text differs, so the pictures differ only inside the text panel's rows.
        var one = Render("a sign reading \"OPEN LATE\"", 3, 50, 10m);
        var other = Render("a sign reading \"OPEN LAKE\"", 3, 50, 10m);
        var rows = Enumerable.Range(0, Height).Where(y => !one.AsSpan(y * Width * 3, Width * 3).SequenceEqual(other.AsSpan(y * Width * 3, Width * 3))).ToArray();
        Assert.NotEmpty(rows);
        Assert.True(rows[^1] - rows[0] < Height / 4, $"rows {rows[0]}..{rows[^1]} differ");
    }

    [Fact]
    public void A_reference_tints_the_picture_and_is_inset()
    {
        var red = Convert.ToBase64String(PngWriter.Write(Solid(32, 32, 230, 20, 20), 32, 32));
        var plain = SceneRenderer.RenderRgb(PictureSpec.For("a beach", 9, 50, 4.5m, [], 0), Width, Height);
        var edited = SceneRenderer.RenderRgb(PictureSpec.For("a beach", 9, 50, 4.5m, [Thumbnail.From(red)], 0), Width, Height);

        Assert.True(Redness(edited) > Redness(plain) + 20, $"redness {Redness(plain):F1} -> {Redness(edited):F1}");
        // The inset sits bottom-left: a pixel inside it is the reference's red (through the guidance look).
        var inset = ((Height - 15) * Width + 12) * 3;
        Assert.True(edited[inset] > 150 && edited[inset + 1] < 80, $"inset pixel {edited[inset]},{edited[inset + 1]},{edited[inset + 2]}");
    }

    private static byte[] Render(string prompt, long seed, int steps, decimal guidance) =>
        SceneRenderer.RenderRgb(PictureSpec.For(prompt, seed, steps, guidance, [], 0), Width, Height);

    private static byte[] Solid(int width, int height, byte r, byte g, byte b)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
        }
        return rgb;
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }
        return (double)sum / a.Length;
    }

    /// <summary>Mean difference between horizontally neighbouring pixels: high for noise, low for clean flat areas.</summary>
    private static double Roughness(byte[] rgb)
    {
        long sum = 0;
        for (var i = 3; i < rgb.Length; i++)
        {
            sum += Math.Abs(rgb[i] - rgb[i - 3]);
        }
        return (double)sum / rgb.Length;
    }

    private static double LumaDeviation(byte[] rgb)
    {
        var luma = Enumerable.Range(0, rgb.Length / 3).Select(p => (0.299 * rgb[p * 3]) + (0.587 * rgb[(p * 3) + 1]) + (0.114 * rgb[(p * 3) + 2])).ToArray();
        var mean = luma.Average();
        return Math.Sqrt(luma.Average(l => (l - mean) * (l - mean)));
    }

    private static double MeanSaturation(byte[] rgb) =>
        Enumerable.Range(0, rgb.Length / 3).Average(p => Math.Max(rgb[p * 3], Math.Max(rgb[(p * 3) + 1], rgb[(p * 3) + 2])) - Math.Min(rgb[p * 3], Math.Min(rgb[(p * 3) + 1], rgb[(p * 3) + 2])));

    private static double Redness(byte[] rgb) => Enumerable.Range(0, rgb.Length / 3).Average(p => rgb[p * 3] - ((rgb[(p * 3) + 1] + rgb[(p * 3) + 2]) / 2.0));

    private static bool IsStrictlyDecreasing(double[] values) => values.Zip(values.Skip(1)).All(p => p.Second < p.First);

    private static bool IsStrictlyIncreasing(double[] values) => values.Zip(values.Skip(1)).All(p => p.Second > p.First);

    private static string Text(double[] values) => string.Join(", ", values.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
}
