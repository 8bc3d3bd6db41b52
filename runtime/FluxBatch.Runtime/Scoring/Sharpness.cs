namespace FluxBatch.Scoring;

/// <summary>
/// Sharpness: the variance of the Laplacian of the downscaled grey image (<see cref="GreyImage"/>).
/// <c>L(x, y) = g(x-1, y) + g(x+1, y) + g(x, y-1) + g(x, y+1) - 4 g(x, y)</c> over the interior pixels (a one-pixel
/// border has no full neighbourhood), and the score is the population variance of L, in grey levels squared.
/// A flat image scores 0; edges and fine detail raise it; blur lowers it. Model-free and cheap, it ranks images of
/// the same scene (a sweep's cells), it does not grade one image alone.
/// </summary>
internal static class Sharpness
{
    public static double VarianceOfLaplacian(GreyImage grey)
    {
        if (grey.Width < 3 || grey.Height < 3)
            return 0;
        double sum = 0, sumOfSquares = 0;
        long count = 0;
        for (var y = 1; y < grey.Height - 1; y++)
        {
            for (var x = 1; x < grey.Width - 1; x++)
            {
                double laplacian = grey[x - 1, y] + grey[x + 1, y] + grey[x, y - 1] + grey[x, y + 1] - 4.0 * grey[x, y];
                sum += laplacian;
                sumOfSquares += laplacian * laplacian;
                count++;
            }
        }
        var mean = sum / count;
        return Math.Max(0, sumOfSquares / count - mean * mean);
    }
}
