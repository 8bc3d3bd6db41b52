using FluxBatch.Manifest.Model;

namespace FluxBatch.Emulator.Billing;

/// <summary>
/// What a task costs, in credits (1 credit = US$0.01), by the formula of <see cref="ModelPrice"/>: the first
/// output megapixel, each further output megapixel, and each input megapixel. Megapixels are rounded up to two
/// decimals, as the API reports them.
/// </summary>
/// <remarks>
/// TODO: switch to the shared default table in FluxBatch.Manifest.Pricing once it lands on main, so the planner's
/// estimates and the emulator's charges come from one source. Until then these are flux-api.md's 2026 list
/// prices; the klein models have no published price there and are charged as pro.
/// </remarks>
internal static class EmulatorPricing
{
    private static readonly ModelPrice Flex = new(0.05m, 0.05m, 0.05m);
    private static readonly ModelPrice Pro = new(0.03m, 0.015m, 0.015m);
    private static readonly ModelPrice Max = new(0.07m, 0.03m, 0.03m);

    public static PriceTable Default { get; } = new(new Dictionary<string, ModelPrice>(StringComparer.Ordinal)
    {
        ["flux-2-flex"] = Flex,
        ["flux-2-pro"] = Pro,
        ["flux-2-pro-preview"] = Pro,
        ["flux-2-max"] = Max,
        ["flux-2-klein-4b"] = Pro,
        ["flux-2-klein-9b"] = Pro,
    });

    /// <summary>Megapixels as the API reports them: rounded up to two decimals.</summary>
    public static decimal Megapixels(long pixels) => Math.Ceiling(pixels / 10_000m) / 100m;

    public static decimal CostCredits(ModelPrice price, decimal outputMp, decimal inputMp)
    {
        var usd = price.FirstOutputMpUsd
            + (price.ExtraOutputMpUsd * Math.Max(0m, outputMp - 1m))
            + (price.InputMpUsd * inputMp);
        return Math.Round(usd * 100m, 2, MidpointRounding.AwayFromZero);
    }
}
