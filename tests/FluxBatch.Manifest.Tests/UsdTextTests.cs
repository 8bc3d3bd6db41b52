using System.Globalization;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Manifest.Tests;

/// <summary>The one money formatter prints the same text on every machine, whatever its culture.</summary>
public sealed class UsdTextTests
{
    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("en-US")]
    public void Money_is_written_with_a_point_and_two_to_four_decimals_in_every_culture(string culture)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal("$4.40", UsdText.Format(4.4m));
            Assert.Equal("$0.063", UsdText.Format(0.063m));
            Assert.Equal("$0.0125", UsdText.Format(0.01249m));
            Assert.Equal("$1234.50", UsdText.Format(1234.5m));
            Assert.Equal("5.00", UsdText.Amount(5m));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
