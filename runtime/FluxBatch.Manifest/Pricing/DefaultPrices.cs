using System.Collections.Generic;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Pricing;

/// <summary>
/// The built-in price tables, one per provider. Override any entry under <c>prices:</c> (per provider and model).
/// <para>BFL, in US dollars per megapixel, from black-forest-labs/skills <c>skills/bfl-api/SKILL.md</c> ("Model Endpoints
/// &amp; Pricing": 1st MP, +MP, formula <c>firstMP + (outputMP-1)·mpPrice + inputMP·mpPrice</c>) and flux-api.md:</para>
/// <list type="bullet">
/// <item>flux-2-flex: 5¢ first output MP, 5¢ per extra output MP, 5¢ per input MP (the launch price was 6¢/MP).</item>
/// <item>flux-2-pro: 3¢ first MP, then 1.5¢ per MP, extra output and input alike.</item>
/// <item>flux-2-max: 7¢ first MP, then 3¢ per MP.</item>
/// <item>flux-2-pro-preview: priced as flux-2-pro (no separate price is published; it is pro's preview).</item>
/// <item>flux-2-klein-4b: 1.4¢ first MP, then 0.1¢ per MP; flux-2-klein-9b: 1.5¢, then 0.2¢ (same SKILL.md table,
/// whose "1MP I2I" column, $0.015 and $0.017, confirms that input MP cost the +MP price).</item>
/// </list>
/// <para>CometAPI: its product page for FLUX 2 FLEX (cometapi.com/models/flux/flux-2-flex) lists "Per Request: $0.008"
/// against an official $0.01; it publishes no FLUX.2 price for the other models we found, so they have none here
/// and a manifest that runs them on CometAPI must give one (FLUX4016).</para>
/// </summary>
public static class DefaultPrices
{
    public static PriceTable Bfl { get; } = new(new Dictionary<string, ModelPrice>
    {
        ["flux-2-flex"] = new(0.05m, 0.05m, 0.05m),
        ["flux-2-pro"] = new(0.03m, 0.015m, 0.015m),
        ["flux-2-pro-preview"] = new(0.03m, 0.015m, 0.015m),
        ["flux-2-max"] = new(0.07m, 0.03m, 0.03m),
        ["flux-2-klein-4b"] = new(0.014m, 0.001m, 0.001m),
        ["flux-2-klein-9b"] = new(0.015m, 0.002m, 0.002m),
    });

    public static PriceTable Comet { get; } = new(new Dictionary<string, ModelPrice>
    {
        ["flux-2-flex"] = ModelPrice.PerRequest(0.008m),
    });

    /// <summary>BFL's table: what the planner estimates with when no provider is named, and what the emulator charges.</summary>
    public static PriceTable Table => Bfl;

    public static PriceBook Book { get; } = new(Bfl, Comet);
}
