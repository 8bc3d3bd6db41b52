using System;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Pricing;

/// <summary>Estimates what one job costs before it is submitted; the executor then accounts the <c>cost</c> the API reports.</summary>
public static class CostEstimator
{
    /// <summary>Output size when the manifest sets none: the API's automatic 1024x1024 for text-to-image.</summary>
    public const int DefaultSide = 1024;

    /// <summary>
    /// Megapixels, the one definition shared by the estimator, the emulator and the docs: width x height / 10^6
    /// (not 2^20), rounded to the nearest hundredth, half away from zero. That is how BFL's published examples count
    /// them (black-forest-labs/skills, <c>skills/bfl-api/references/endpoints.md</c>, "Common Resolutions":
    /// 1024x1024 = 1.05, 1920x1080 = 2.07, 1536x1152 = 1.77, 2048x1024 = 2.10); rounding up would make 1920x1080 2.08.
    /// </summary>
    public static decimal Megapixels(int width, int height)
    {
        var exact = (decimal)width * height / 1_000_000m;
        return Math.Round(exact, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// US dollars for one image: the first output megapixel at its price (charged even for smaller images),
    /// each further output megapixel, and every input megapixel (reference images, each rounded by the caller).
    /// Not rounded to credits (1 credit = $0.01): sums stay exact.
    /// </summary>
    /// <exception cref="ArgumentException">The table has no price for <paramref name="model"/> (the reader reports FLUX4006 before this can happen).</exception>
    public static decimal EstimateUsd(this PriceTable prices, string model, int width, int height, decimal inputMegapixels)
    {
        if (!prices.Models.TryGetValue(model, out var price))
        {
            throw new ArgumentException($"No price for model '{model}'.", nameof(model));
        }

        var output = Megapixels(width, height);
        var extra = Math.Max(0m, output - 1m);
        return price.PerRequestUsd + price.FirstOutputMpUsd + (extra * price.ExtraOutputMpUsd) + (inputMegapixels * price.InputMpUsd);
    }
}
