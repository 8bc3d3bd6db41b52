using System.Globalization;
using System.Text.RegularExpressions;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using YamlDotNet.Core;

namespace FluxBatch.Manifest.Yaml;

/// <summary>
/// Types a scalar by the YAML 1.2 core schema: only plain scalars can be null, booleans or numbers; quoted and
/// block scalars are always strings. Numbers become <see cref="decimal"/> so ranges and prices stay exact.
/// (<c>yes</c>/<c>no</c> are strings, as in YAML 1.2; the rules then say a boolean was expected.)
/// </summary>
internal static class ScalarTyping
{
    private const string StringTag = "tag:yaml.org,2002:str";
    private static readonly Regex IntegerPattern = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex FloatPattern = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static ManifestValue Type(string text, ScalarStyle style, string? tag, SourcePosition position)
    {
        if (style != ScalarStyle.Plain || tag == StringTag || tag == "!")
        {
            return new StringValue(text, position);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return new NullValue(position);
            case "true" or "True" or "TRUE":
                return new BoolValue(true, position);
            case "false" or "False" or "FALSE":
                return new BoolValue(false, position);
        }

        if (IntegerPattern.IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return new IntegerValue(integer, position);
            }

            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
            {
                return new NumberValue(big, position);
            }
        }
        else if (FloatPattern.IsMatch(text)
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new NumberValue(number, position);
        }

        return new StringValue(text, position);
    }
}
