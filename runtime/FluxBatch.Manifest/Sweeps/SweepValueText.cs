using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>
/// Canonical, culture-free text of a manifest value: numbers in their shortest form (<c>4.0</c> is <c>4</c>),
/// booleans lower case, lists in brackets. Used for plan text and for dedup keys.
/// </summary>
public static class SweepValueText
{
    public static string Format(ManifestValue value)
    {
        switch (value)
        {
            case StringValue s:
                return s.Value;
            case IntegerValue i:
                return ManifestValueEquality.FormatNumber(i.Value);
            case NumberValue n:
                return ManifestValueEquality.FormatNumber(n.Value);
            case BoolValue b:
                return b.Value ? "true" : "false";
            case ListValue l:
                return "[" + string.Join(", ", l.Items.Select(Format)) + "]";
            case MapValue m:
                return "{" + string.Join(", ", m.Entries.Select(e => e.Key + ": " + Format(e.Value))) + "}";
            default:
                return string.Empty;
        }
    }

    /// <summary>A key for hash sets: names sorted, values canonical, with type tags so "4" differs from 4.</summary>
    internal static string Key(IEnumerable<KeyValuePair<string, ManifestValue>> values) =>
        string.Join("\u001f", values
            .OrderBy(v => v.Key, System.StringComparer.Ordinal)
            .Select(v => v.Key + "\u001e" + Tag(v.Value) + Format(v.Value)));

    private static char Tag(ManifestValue value) => value switch
    {
        StringValue => 's',
        IntegerValue or NumberValue => 'n',
        BoolValue => 'b',
        ListValue => 'l',
        _ => 'm',
    };
}
