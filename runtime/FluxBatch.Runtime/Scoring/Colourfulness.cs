namespace FluxBatch.Scoring;

/// <summary>
/// Colourfulness after Hasler and Süsstrunk ("Measuring colourfulness in natural images", 2003), over every pixel:
/// <c>rg = R - G</c>, <c>yb = (R + G) / 2 - B</c>, and
/// <c>M = sqrt(σ_rg² + σ_yb²) + 0.3 · sqrt(μ_rg² + μ_yb²)</c> with population standard deviations and means, on the
/// 0..255 scale. Grey images score 0; the paper's scale reads about 15 as slightly, 33 moderately, 45 averagely,
/// 59 quite, 82 highly and 109 extremely colourful.
/// </summary>
internal static class Colourfulness
{
    public static double HaslerSusstrunk(RgbImage image)
    {
        var rgb = image.Rgb;
        long count = (long)image.Width * image.Height;
        if (count == 0)
            return 0;
        double sumRg = 0, sumYb = 0, squaresRg = 0, squaresYb = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            double r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
            var rg = r - g;
            var yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            squaresRg += rg * rg;
            squaresYb += yb * yb;
        }
        var meanRg = sumRg / count;
        var meanYb = sumYb / count;
        var varianceRg = Math.Max(0, squaresRg / count - meanRg * meanRg);
        var varianceYb = Math.Max(0, squaresYb / count - meanYb * meanYb);
        return Math.Sqrt(varianceRg + varianceYb) + 0.3 * Math.Sqrt(meanRg * meanRg + meanYb * meanYb);
    }
}
