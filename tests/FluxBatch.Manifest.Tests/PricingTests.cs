using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Manifest.Tests;

public sealed class PricingTests
{
    [Theory]
    [InlineData(1024, 1024, "1.05")]
    [InlineData(1000, 1000, "1.00")]
    [InlineData(2048, 2048, "4.20")]
    [InlineData(512, 512, "0.27")]
    public void Megapixels_round_up_to_two_decimals(int width, int height, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CostEstimator.Megapixels(width, height));

    [Theory]
    [InlineData("flux-2-flex", 1024, 1024, "0", "0.0525")]     // 5c + 0.05 MP x 5c
    [InlineData("flux-2-flex", 512, 512, "0", "0.05")]         // the first MP is charged in full
    [InlineData("flux-2-flex", 1024, 1024, "1.05", "0.105")]   // plus 1.05 input MP x 5c
    [InlineData("flux-2-pro", 2048, 2048, "0", "0.078")]       // 3c + 3.2 MP x 1.5c
    [InlineData("flux-2-max", 1024, 1536, "2.10", "0.1504")]   // 7c + 0.58 x 3c + 2.10 x 3c
    public void Default_table_estimates(string model, int width, int height, string inputMp, string expected)
    {
        var estimate = DefaultPrices.Table.EstimateUsd(model, width, height, decimal.Parse(inputMp, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate);
    }

    [Fact]
    public void Manifest_prices_override_the_table_and_add_models()
    {
        const string yaml = "model: flux-2-klein-4b\nprompt: hi\nprices:\n  flux-2-flex: { first_mp: 0.06 }\n  flux-2-klein-4b: { first_mp: 0.014, extra_mp: 0.001, input_mp: 0.001 }\n";

        var spec = ManifestReader.Read("p.flux.yaml", yaml).Manifest!;

        Assert.Equal(new ModelPrice(0.06m, 0.05m, 0.05m), spec.Prices.Models["flux-2-flex"]);
        Assert.Equal(new ModelPrice(0.014m, 0.001m, 0.001m), spec.Prices.Models["flux-2-klein-4b"]);
        Assert.Equal(new ModelPrice(0.05m, 0.05m, 0.05m), DefaultPrices.Table.Models["flux-2-flex"]);
    }

    [Fact]
    public void Unknown_model_has_no_estimate() =>
        Assert.Throws<ArgumentException>(() => DefaultPrices.Table.EstimateUsd("flux-2-klein-4b", 1024, 1024, 0));
}
