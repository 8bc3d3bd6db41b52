using System;
using System.Globalization;
using System.Text;
using Scriban;
using Scriban.Functions;

namespace FluxBatch.Manifest.Templates;

/// <summary>
/// Scriban's <c>date.parse</c> and <c>date.to_string</c> read the machine's time zone (a parsed date is local time;
/// <c>%s</c>, <c>%z</c> and <c>%Z</c> convert with the local offset), so a template would plan differently under
/// TZ=UTC and TZ=Asia/Tokyo, and a resumed run on another machine would pay again. These replacements parse as UTC
/// and format with the invariant culture: the same text everywhere.
/// </summary>
internal static class UtcDates
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary><c>date.parse</c>: a date without an offset is UTC; one with an offset is converted to UTC.</summary>
    public static DateTime? Parse(TemplateContext context, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : null;
    }

    /// <summary><c>date.to_string</c>: Scriban's strftime patterns, with the zone-dependent ones fixed to UTC.</summary>
    public static string? ToString(DateTimeFunctions scriban, DateTime? value, string pattern)
    {
        if (value is not { } date)
        {
            return null;
        }

        var utc = AsUtc(date);
        var fixedPattern = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '%' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                string? replacement = next switch
                {
                    's' => ((long)(utc - Epoch).TotalSeconds).ToString(CultureInfo.InvariantCulture),
                    'z' => "+0000",
                    'Z' => "UTC",
                    _ => null,
                };
                if (replacement is not null)
                {
                    fixedPattern.Append(replacement.Replace("%", "%%"));
                    i++;
                    continue;
                }

                fixedPattern.Append('%').Append(next);
                i++;
                continue;
            }

            fixedPattern.Append(pattern[i]);
        }

        return scriban.ToString(utc, fixedPattern.ToString(), CultureInfo.InvariantCulture);
    }

    /// <summary>Bound to Scriban's own date functions (their strftime), with the culture argument optional as Scriban's is.</summary>
    public sealed class Formatter(DateTimeFunctions scriban)
    {
        /// <param name="culture">Ignored: every template formats with the invariant culture.</param>
        public string? ToString(DateTime? value, string pattern, CultureInfo? culture = null) => UtcDates.ToString(scriban, value, pattern);
    }

    // A date computed from another (add_days) keeps its kind; one of unspecified kind is taken as UTC, never local.
    private static DateTime AsUtc(DateTime date) =>
        date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc);
}
