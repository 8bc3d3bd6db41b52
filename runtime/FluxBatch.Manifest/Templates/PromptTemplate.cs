using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Templates;

/// <summary>
/// The compiled <c>prompt</c> of a manifest: a text template, or a structured prompt (a YAML mapping) whose every
/// string leaf is a template and which renders to compact JSON text with keys in manifest order.
/// Compile once (<see cref="Compile"/>), render once per distinct set of values.
/// </summary>
public sealed class PromptTemplate
{
    private readonly ManifestValue _shape;
    private readonly Dictionary<StringValue, ManifestTemplate> _leaves;

    private PromptTemplate(ManifestValue shape, Dictionary<StringValue, ManifestTemplate> leaves)
    {
        _shape = shape;
        _leaves = leaves;
        ReferencedNames = leaves.Values.SelectMany(t => t.ReferencedNames).Distinct().ToArray();
    }

    /// <summary>True for a mapping prompt, sent as JSON text.</summary>
    public bool IsStructured => _shape is MapValue;

    /// <summary>Every name any part of the prompt reads.</summary>
    public IReadOnlyList<string> ReferencedNames { get; }

    /// <summary>Compiles a prompt the manifest reader has accepted (throws on invalid templates).</summary>
    public static PromptTemplate Compile(ManifestValue prompt)
    {
        var leaves = new Dictionary<StringValue, ManifestTemplate>(ReferenceComparer.Instance);
        foreach (var leaf in StringLeaves(prompt))
        {
            leaves[leaf] = ManifestTemplate.Parse(leaf.Value);
        }

        return new PromptTemplate(prompt, leaves);
    }

    /// <summary>Every string of a prompt value (the text itself, or the structured prompt's string leaves), in order.</summary>
    public static IEnumerable<StringValue> StringLeaves(ManifestValue value)
    {
        switch (value)
        {
            case StringValue s:
                yield return s;
                break;
            case ListValue list:
                foreach (var leaf in list.Items.SelectMany(StringLeaves))
                {
                    yield return leaf;
                }

                break;
            case MapValue map:
                foreach (var leaf in map.Entries.SelectMany(e => StringLeaves(e.Value)))
                {
                    yield return leaf;
                }

                break;
        }
    }

    /// <summary>
    /// The prompt text to send. A text prompt is trimmed of surrounding whitespace (so <c>|</c> and <c>|-</c>
    /// blocks send the same text); a structured prompt becomes compact JSON.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> values)
    {
        if (_shape is StringValue text)
        {
            return _leaves[text].Render(values).Trim();
        }

        var json = new StringBuilder();
        WriteJson(_shape, values, json);
        return json.ToString();
    }

    private void WriteJson(ManifestValue value, IReadOnlyDictionary<string, object?> values, StringBuilder json)
    {
        switch (value)
        {
            case StringValue s:
                WriteString(_leaves[s].Render(values), json);
                break;
            case IntegerValue i:
                json.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case NumberValue n:
                json.Append(n.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case BoolValue b:
                json.Append(b.Value ? "true" : "false");
                break;
            case ListValue list:
                json.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        json.Append(',');
                    }

                    WriteJson(list.Items[i], values, json);
                }

                json.Append(']');
                break;
            case MapValue map:
                json.Append('{');
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    if (i > 0)
                    {
                        json.Append(',');
                    }

                    WriteString(map.Entries[i].Key, json);
                    json.Append(':');
                    WriteJson(map.Entries[i].Value, values, json);
                }

                json.Append('}');
                break;
            default:
                json.Append("null");
                break;
        }
    }

    /// <summary>A JSON string literal (RFC 8259 escaping; non-ASCII text is kept as is).</summary>
    internal static void WriteString(string text, StringBuilder json)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }

    /// <summary>Leaves are told apart by identity: two equal strings at different places are different leaves.</summary>
    private sealed class ReferenceComparer : IEqualityComparer<StringValue>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(StringValue? x, StringValue? y) => ReferenceEquals(x, y);

        public int GetHashCode(StringValue obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
