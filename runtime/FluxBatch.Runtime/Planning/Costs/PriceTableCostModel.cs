using FluxBatch.Manifest.Model;
using FluxBatch.Planning.References;

namespace FluxBatch.Planning.Costs;

/// <summary>
/// The manifest's price table applied as its model documents: first output MP, each further output MP,
/// each input MP, with MP rounded up to two decimals.
/// TEMPORARY: replaced by FluxBatch.Manifest.Pricing once the manifest branch lands on main.
/// </summary>
internal sealed class PriceTableCostModel(PriceTable prices) : ICostModel
{
    public decimal EstimateUsd(string model, int width, int height, decimal inputMegapixels)
    {
        if (!prices.Models.TryGetValue(model, out var price))
        {
            throw new InvalidOperationException($"No price for model '{model}'.");
        }

        var output = Megapixels.Of(width, height);
        return price.FirstOutputMpUsd
            + (price.ExtraOutputMpUsd * Math.Max(0m, output - 1m))
            + (price.InputMpUsd * inputMegapixels);
    }
}
