using System.Globalization;

namespace FluxBatch.Planning;

/// <summary>Dollar amounts as FluxBatch prints them: <c>$0.063</c>, <c>$5.00</c> (two to four decimals, invariant).</summary>
public static class UsdText
{
    public static string Format(decimal usd) => "$" + Amount(usd);

    /// <summary>The amount without the dollar sign (for messages whose format already has it).</summary>
    public static string Amount(decimal usd) => usd.ToString("0.00##", CultureInfo.InvariantCulture);
}
