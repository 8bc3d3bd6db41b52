using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Emulator.Billing;

/// <summary>
/// What a task costs, in credits (1 credit = US$0.01), from the same price table and formula the planner
/// estimates with (<see cref="CostEstimator"/>), rounded to the cent as the API reports it.
/// </summary>
internal static class EmulatorPricing
{
    /// <summary>
    /// The credits for one task. A model the table has no price for (flux-2-pro in CometAPI's default table) costs 0:
    /// the emulator has no better figure, and the planner refuses such runs without a price anyway (FLUX4006).
    /// </summary>
    public static decimal CostCredits(PriceTable prices, SubmitCost cost) =>
        prices.Models.ContainsKey(cost.Model)
            ? Math.Round(prices.EstimateUsd(cost.Model, cost.Width, cost.Height, cost.InputMegapixels) * 100m, 2, MidpointRounding.AwayFromZero)
            : 0m;
}

/// <summary>What the price of a submit depends on.</summary>
internal sealed record SubmitCost(string Model, int Width, int Height, decimal InputMegapixels);
