using System.Globalization;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Manifest.Rules;

namespace FluxBatch.Manifest.Tests;

public sealed class PricingTests
{
    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>
    /// One megapixel definition, 10^6 pixels rounded to the nearest hundredth: exactly the "Common Resolutions" table of
    /// BFL's published endpoint reference (black-forest-labs/skills, skills/bfl-api/references/endpoints.md).
    /// Rounding up (as before) would make 1920x1080 2.08; counting 2^20 would make 1024x1024 1.00.
    /// </summary>
    [Theory]
    [InlineData(1024, 1024, "1.05")]
    [InlineData(1920, 1080, "2.07")]
    [InlineData(1080, 1920, "2.07")]
    [InlineData(1536, 1152, "1.77")]
    [InlineData(2048, 1024, "2.10")]
    [InlineData(2048, 2048, "4.19")] // the documented cap, 4,194,304 px
    [InlineData(1000, 1000, "1.00")]
    public void Megapixels_are_ten_to_the_sixth_pixels_as_BFLs_examples_count_them(int width, int height, string expected) =>
        Assert.Equal(D(expected), CostEstimator.Megapixels(width, height));

    [Theory]
    [InlineData("flux-2-flex", 1024, 1024, "0", "0.0525")]     // 5c + 0.05 MP x 5c
    [InlineData("flux-2-flex", 512, 512, "0", "0.05")]         // the first MP is charged in full
    [InlineData("flux-2-flex", 1024, 1024, "1.05", "0.105")]   // plus 1.05 input MP x 5c
    [InlineData("flux-2-pro", 2048, 2048, "0", "0.07785")]     // 3c + 3.19 MP x 1.5c
    [InlineData("flux-2-max", 1024, 1536, "2.10", "0.1501")]   // 7c + 0.57 x 3c + 2.10 x 3c
    [InlineData("flux-2-klein-4b", 1000, 1000, "0", "0.014")]  // BFL's SKILL.md: 1MP T2I $0.014
    [InlineData("flux-2-klein-4b", 1000, 1000, "1", "0.015")]  // 1MP I2I $0.015
    [InlineData("flux-2-klein-9b", 1000, 1000, "0", "0.015")]  // 1MP T2I $0.015
    [InlineData("flux-2-klein-9b", 1000, 1000, "1", "0.017")]  // 1MP I2I $0.017
    public void BFLs_table_estimates(string model, int width, int height, string inputMp, string expected) =>
        Assert.Equal(D(expected), DefaultPrices.Bfl.EstimateUsd(model, width, height, D(inputMp)));

    [Theory]
    [InlineData(512, 512)]
    [InlineData(1024, 1024)]
    [InlineData(2048, 2048)]
    public void CometAPI_bills_flex_per_request_whatever_the_size(int width, int height) =>
        Assert.Equal(0.008m, DefaultPrices.Comet.EstimateUsd("flux-2-flex", width, height, 2m));

    [Fact]
    public void Manifest_prices_override_BFLs_table_at_the_top_level_and_each_provider_under_its_name()
    {
        const string yaml = """
            model: flux-2-flex
            prompt: hi
            prices:
              flux-2-flex: { first_mp: 0.06 }
              comet:
                flux-2-flex: { per_request: 0.01 }
                flux-2-pro: { per_request: 0.03 }
            """;

        var spec = ManifestReader.Read("p.flux.yaml", yaml).Manifest!;

        Assert.Equal(new ModelPrice(0.06m, 0.05m, 0.05m), spec.PriceBook.Bfl.Models["flux-2-flex"]);
        Assert.Equal(spec.PriceBook.Bfl, spec.Prices);
        Assert.Equal(0.01m, spec.PriceBook.Comet.EstimateUsd("flux-2-flex", 1024, 1024, 0));
        Assert.Equal(0.03m, spec.PriceBook.Comet.EstimateUsd("flux-2-pro", 2048, 2048, 1));
        Assert.Equal(new ModelPrice(0.05m, 0.05m, 0.05m), DefaultPrices.Bfl.Models["flux-2-flex"]);
    }

    [Fact]
    public void A_manifest_for_CometAPI_is_estimated_with_CometAPIs_table()
    {
        var spec = ManifestReader.Read("p.flux.yaml", "model: flux-2-flex\nprompt: hi\nprovider: comet\n").Manifest!;

        Assert.Equal(0.008m, spec.Prices.EstimateUsd("flux-2-flex", 1024, 1024, 0));
    }

    [Fact]
    public void A_model_CometAPI_has_no_price_for_is_FLUX4006_at_the_model_when_the_run_picks_comet()
    {
        var spec = ManifestReader.Read("p.flux.yaml", "name: p\nmodel: flux-2-pro\nprompt: hi\n").Manifest!;

        var (priced, error) = ProviderPrices.ForProvider(spec, "comet");

        Assert.Null(priced);
        Assert.Equal("FLUX4006", error!.Id);
        Assert.Equal((2, 8), (error.Position.Line, error.Position.Column));
        Assert.Contains("flux-2-pro` at provider comet", error.Message, StringComparison.Ordinal);
        Assert.NotNull(ProviderPrices.ForProvider(spec, "bfl").Spec);
    }

    [Fact]
    public void A_new_model_price_needs_every_megapixel_key_or_per_request_alone()
    {
        var partial = ManifestReader.Read("p.flux.yaml", "model: flux-2-flex\nprompt: hi\nprices:\n  comet:\n    flux-2-pro: { first_mp: 0.03 }\n");
        var perRequest = ManifestReader.Read("p.flux.yaml", "model: flux-2-flex\nprompt: hi\nprices:\n  comet:\n    flux-2-pro: { per_request: 0.03 }\n");

        Assert.Contains(partial.Diagnostics, d => d.Id == "FLUX1005" && d.Message.Contains("extra_mp", StringComparison.Ordinal));
        Assert.DoesNotContain(perRequest.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void Unknown_model_has_no_estimate() =>
        Assert.Throws<ArgumentException>(() => DefaultPrices.Comet.EstimateUsd("flux-2-pro", 1024, 1024, 0));
}
