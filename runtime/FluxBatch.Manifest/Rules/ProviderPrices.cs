using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// The rule that a run's model has a price at the run's provider (FLUX4006), checked by the reader for the manifest's
/// own <c>provider</c> and again by <c>run</c> once <c>--provider</c> is known: one rule, two moments.
/// </summary>
public static class ProviderPrices
{
    /// <summary>The model and provider lacking a price, or null when the provider's table has one.</summary>
    public static (string Model, string Provider)? Missing(ManifestSpec spec, string provider) =>
        ModelCatalog.IsKnown(spec.Model) && !spec.PriceBook.For(provider).Models.ContainsKey(spec.Model)
            ? (spec.Model, provider)
            : null;

    /// <summary>
    /// The manifest re-priced for <paramref name="provider"/> (its estimates, budget and contact sheet then use that
    /// provider's table), or the FLUX4006 diagnostic at <c>model:</c> when that table has no price for the model.
    /// </summary>
    public static (ManifestSpec? Spec, ManifestDiagnostic? Error) ForProvider(ManifestSpec spec, string provider) =>
        Missing(spec, provider) is { } missing
            ? (null, DiagnosticDescriptors.NoPriceForModel.Create(spec.ModelPosition, missing.Model, missing.Provider))
            : (spec with { Prices = spec.PriceBook.For(provider) }, null);
}
