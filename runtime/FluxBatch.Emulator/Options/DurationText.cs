using System.Globalization;

namespace FluxBatch.Emulator.Options;

/// <summary>
/// Durations as people type them on a command line: <c>0</c>, <c>250ms</c>, <c>1.5s</c>, <c>2m</c>.
/// A unit is required for anything but zero, so <c>200</c> is never silently read as seconds or milliseconds.
/// </summary>
public static class DurationText
{
    /// <summary>Parses a duration, or throws <see cref="FormatException"/> naming what was expected.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return TimeSpan.Zero;
        }

        var (number, unit) = SplitUnit(trimmed);
        if (unit is null
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new FormatException($"'{text}' is not a duration: expected a number with a unit (ms, s, m), e.g. 250ms or 1.5s.");
        }

        return TimeSpan.FromMilliseconds(value * unit.Value);
    }

    /// <summary>The shortest exact text for a duration, in the syntax <see cref="Parse"/> reads.</summary>
    public static string Format(TimeSpan duration) =>
        duration == TimeSpan.Zero ? "0" : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";

    private static (string Number, double? MillisecondsPerUnit) SplitUnit(string text)
    {
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            return (text[..^2], 1);
        }
        if (text.EndsWith('s') || text.EndsWith('S'))
        {
            return (text[..^1], 1000);
        }
        if (text.EndsWith('m') || text.EndsWith('M'))
        {
            return (text[..^1], 60_000);
        }
        return (text, null);
    }
}
