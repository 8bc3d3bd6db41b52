using System.Text.Json;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Planning.Templates;

/// <summary>
/// A structured prompt (a YAML mapping): every string leaf is a template; the whole is sent as compact JSON
/// with keys in the manifest's order. Numbers and booleans stay JSON numbers and booleans.
/// TEMPORARY: replaced by FluxBatch.Manifest.Templates once the manifest branch lands on main.
/// </summary>
internal sealed class StructuredPromptTemplate : IPlanTemplate
{
    private readonly MapValue _prompt;
    private readonly Dictionary<StringValue, IPlanTemplate> _leaves = new(ReferenceEqualityComparer.Instance);

    public StructuredPromptTemplate(MapValue prompt, Func<string, IPlanTemplate> compile)
    {
        _prompt = prompt;
        Collect(prompt, compile);
        ReferencedNames = _leaves.Values.SelectMany(t => t.ReferencedNames).Distinct(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyCollection<string> ReferencedNames { get; }

    public string Render(IReadOnlyDictionary<string, object?> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, _prompt, values);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Collect(ManifestValue value, Func<string, IPlanTemplate> compile)
    {
        switch (value)
        {
            case StringValue s:
                _leaves[s] = compile(s.Value);
                break;
            case ListValue l:
                l.Items.ToList().ForEach(i => Collect(i, compile));
                break;
            case MapValue m:
                m.Entries.ToList().ForEach(e => Collect(e.Value, compile));
                break;
        }
    }

    private void Write(Utf8JsonWriter writer, ManifestValue value, IReadOnlyDictionary<string, object?> values)
    {
        switch (value)
        {
            case StringValue s:
                writer.WriteStringValue(_leaves[s].Render(values));
                break;
            case IntegerValue i:
                writer.WriteNumberValue(i.Value);
                break;
            case NumberValue n:
                writer.WriteNumberValue(n.Value);
                break;
            case BoolValue b:
                writer.WriteBooleanValue(b.Value);
                break;
            case ListValue l:
                writer.WriteStartArray();
                foreach (var item in l.Items)
                {
                    Write(writer, item, values);
                }

                writer.WriteEndArray();
                break;
            case MapValue m:
                writer.WriteStartObject();
                foreach (var entry in m.Entries)
                {
                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value, values);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
