using System.Globalization;

namespace FluxBatch.Planning.PromptRendering;

/// <summary>
/// Text of template values (see FluxBatch.Manifest.Templates.TemplateValues for what they are).
/// <see cref="Format"/> writes a scalar exactly as Scriban prints it in <c>{{ name }}</c> (invariant culture,
/// decimals keep their written scale: 4.0 prints as <c>4.0</c>).
/// </summary>
internal static class TemplateText
{
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Appends an unambiguous text of any template value (lists and maps included) for cache keys.</summary>
    public static void AppendKey(System.Text.StringBuilder builder, object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> map:
                builder.Append('{');
                foreach (var entry in map)
                {
                    builder.Append(entry.Key).Append('\u001f');
                    AppendKey(builder, entry.Value);
                    builder.Append('\u001d');
                }

                builder.Append('}');
                break;
            case IList<object?> list:
                builder.Append('[');
                foreach (var item in list)
                {
                    AppendKey(builder, item);
                    builder.Append('\u001d');
                }

                builder.Append(']');
                break;
            default:
                builder.Append(value?.GetType().Name).Append(':').Append(Format(value));
                break;
        }
    }
}
