using System.Collections.Generic;

namespace FluxBatch.Manifest.Model;

/// <summary>
/// Prices as data (they change over time). All in US dollars. A job costs
/// <c>FirstOutputMp + ExtraOutputMp * (output MP beyond the first) + InputMp * input MP</c>, where MP is
/// rounded up to two decimals as the API reports it.
/// </summary>
public sealed record ModelPrice(decimal FirstOutputMpUsd, decimal ExtraOutputMpUsd, decimal InputMpUsd);

public sealed record PriceTable(IReadOnlyDictionary<string, ModelPrice> Models);
