using System.Globalization;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>How a found value is named in messages: "string `twelve`", "integer 12", "a list".</summary>
internal static class ValueText
{
    public static string Describe(ManifestValue value) => value switch
    {
        StringValue s => $"string `{Shorten(s.Value)}`",
        IntegerValue i => "integer " + i.Value.ToString(CultureInfo.InvariantCulture),
        NumberValue n => "number " + n.Value.ToString(CultureInfo.InvariantCulture),
        BoolValue b => b.Value ? "boolean true" : "boolean false",
        ListValue l => l.Items.Count == 0 ? "an empty list" : "a list",
        MapValue => "a mapping",
        NullValue => "no value",
        _ => value.GetType().Name,
    };

    /// <summary>The value as a user wrote it, for "found `x`".</summary>
    public static string Plain(ManifestValue value) => value switch
    {
        StringValue s => Shorten(s.Value),
        IntegerValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        NumberValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        BoolValue b => b.Value ? "true" : "false",
        _ => Describe(value),
    };

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A job count from a saturating product: <see cref="long.MaxValue"/> stands for "this many or more" (the
    /// product passed 2^63), so it is said as such rather than as a precise-looking 9,223,372,036,854,775,807.
    /// </summary>
    public static string JobCount(long value) => value == long.MaxValue ? "more than 9.2 × 10^18" : Count(value);

    private static string Shorten(string text)
    {
        var line = text.Replace("\n", "\\n");
        return line.Length <= 60 ? line : line.Substring(0, 57) + "...";
    }
}
