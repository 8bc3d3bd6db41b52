using System.Collections.Generic;

namespace FluxBatch.Manifest.Model;

/// <summary>
/// Prices as data (they change over time). All in US dollars. A job costs
/// <c>PerRequest + FirstOutputMp + ExtraOutputMp * (output MP beyond the first) + InputMp * input MP</c>, where MP is
/// width x height / 10^6 rounded to two decimals, as BFL reports it. BFL bills per megapixel (<c>PerRequest</c> 0);
/// CometAPI bills flux-2-flex per request (every per-megapixel price 0).
/// </summary>
public sealed record ModelPrice(decimal FirstOutputMpUsd, decimal ExtraOutputMpUsd, decimal InputMpUsd)
{
    /// <summary>A flat price per request, whatever the size (CometAPI's way). Default 0.</summary>
    public decimal PerRequestUsd { get; init; }

    /// <summary>A price of <paramref name="usd"/> per request and nothing per megapixel.</summary>
    public static ModelPrice PerRequest(decimal usd) => new(0m, 0m, 0m) { PerRequestUsd = usd };
}

public sealed record PriceTable(IReadOnlyDictionary<string, ModelPrice> Models);

/// <summary>
/// One price table per provider (<c>bfl</c>, <c>comet</c>), with the manifest's <c>prices:</c> applied. The emulator
/// imitates BFL, so <c>emulator</c> reads BFL's table.
/// </summary>
public sealed record PriceBook(PriceTable Bfl, PriceTable Comet)
{
    /// <summary>The table of a provider by its manifest/CLI name (<c>bfl</c>, <c>comet</c>, <c>emulator</c>).</summary>
    public PriceTable For(string provider) => provider == "comet" || provider == "cometapi" ? Comet : Bfl;
}
