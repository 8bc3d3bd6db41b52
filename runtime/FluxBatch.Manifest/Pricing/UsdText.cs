using System.Globalization;

namespace FluxBatch.Manifest.Pricing;

/// <summary>
/// Dollar amounts as FluxBatch shows them everywhere (CLI tables and progress, status, plan snapshots, the contact
/// sheet, failure reasons): <c>$0.063</c>, <c>$5.00</c>, two to four decimals, invariant culture, so a German or
/// French machine prints <c>$4.40</c>, not <c>$4,40</c>. The one formatter for money: nothing else formats a price.
/// </summary>
public static class UsdText
{
    private const string AmountFormat = "0.00##";

    public static string Format(decimal usd) => "$" + Amount(usd);

    /// <summary>The amount without the dollar sign (for messages whose format already has it).</summary>
    public static string Amount(decimal usd) => usd.ToString(AmountFormat, CultureInfo.InvariantCulture);
}
