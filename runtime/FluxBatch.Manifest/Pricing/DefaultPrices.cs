using System.Collections.Generic;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Pricing;

/// <summary>
/// The built-in price table, from flux-api.md ("Prices"), in US dollars per megapixel. Reading of the facts:
/// <list type="bullet">
/// <item>flux-2-flex: the 2026 list, 5¢ for the first output MP, 5¢ per extra output MP, 5¢ per input MP
/// (the launch price was 6¢/MP: override it under <c>prices:</c> if that is what an account pays).</item>
/// <item>flux-2-pro: 3¢ for the first MP, then 1.5¢ per MP, extra output and input alike.</item>
/// <item>flux-2-max: 7¢ for the first MP, then 3¢ per MP, extra output and input alike.</item>
/// <item>flux-2-pro-preview: priced as flux-2-pro (the facts give no separate price; it is pro's preview).</item>
/// <item>flux-2-klein-4b/-9b: no price in the facts, so none here: a manifest using them must give one (FLUX4006)
/// rather than run with a made-up estimate.</item>
/// </list>
/// </summary>
public static class DefaultPrices
{
    public static PriceTable Table { get; } = new(new Dictionary<string, ModelPrice>
    {
        ["flux-2-flex"] = new(0.05m, 0.05m, 0.05m),
        ["flux-2-pro"] = new(0.03m, 0.015m, 0.015m),
        ["flux-2-pro-preview"] = new(0.03m, 0.015m, 0.015m),
        ["flux-2-max"] = new(0.07m, 0.03m, 0.03m),
    });
}
