using System.Globalization;

namespace FluxBatch.Cli.Rendering;

/// <summary>Dollar amounts as the CLI prints them: at least two decimals, invariant culture.</summary>
internal static class Money
{
    public static string Format(decimal usd) => "$" + usd.ToString("0.00##", CultureInfo.InvariantCulture);
}
