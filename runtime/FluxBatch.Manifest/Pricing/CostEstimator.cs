using System;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Pricing;

/// <summary>Estimates what one job costs before it is submitted; the executor then accounts the <c>cost</c> the API reports.</summary>
public static class CostEstimator
{
    /// <summary>Output size when the manifest sets none: the API's automatic 1024x1024 for text-to-image.</summary>
    public const int DefaultSide = 1024;

    /// <summary>
    /// Megapixels as the API reports them: width x height / 1,000,000, rounded <b>up</b> to two decimals
    /// (the API's rounding is undocumented; rounding up never underestimates). 1024x1024 gives 1.05.
    /// </summary>
    public static decimal Megapixels(int width, int height)
    {
        var exact = (decimal)width * height / 1_000_000m;
        return Math.Ceiling(exact * 100m) / 100m;
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
        return price.FirstOutputMpUsd + (extra * price.ExtraOutputMpUsd) + (inputMegapixels * price.InputMpUsd);
    }
}
