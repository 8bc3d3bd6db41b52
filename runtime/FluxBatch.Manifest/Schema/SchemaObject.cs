using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FluxBatch.Manifest.Schema;

/// <summary>
/// A JSON object that keeps its keys in insertion order, and its writer: just enough JSON for the schema, so the
/// netstandard2.0 manifest library (which the source generator loads) needs no JSON package.
/// Values: null, string, bool, int, long, decimal, <see cref="SchemaObject"/>, or a sequence of those.
/// </summary>
public sealed class SchemaObject : IEnumerable<KeyValuePair<string, object>>
{
    private readonly List<KeyValuePair<string, object>> _members = new();

    public void Add(string key, object? value) => _members.Add(new KeyValuePair<string, object>(key, value!));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Indented with two spaces, LF line endings, a final newline: the form committed in docs/.</summary>
    public string ToJson() => Serialize(this);

    /// <summary>Any supported value as indented JSON with a final newline.</summary>
    internal static string Serialize(object? value)
    {
        var json = new StringBuilder();
        Write(json, value, 0);
        return json.Append('\n').ToString();
    }

    private static void Write(StringBuilder json, object? value, int depth)
    {
        switch (value)
        {
            case null:
                json.Append("null");
                break;
            case string text:
                WriteString(json, text);
                break;
            case bool flag:
                json.Append(flag ? "true" : "false");
                break;
            case int or long or decimal:
                json.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case SchemaObject obj:
                WriteMembers(json, obj._members, depth);
                break;
            case IEnumerable items:
                WriteItems(json, items, depth);
                break;
            default:
                throw new ArgumentException($"no JSON form for {value.GetType()}", nameof(value));
        }
    }

    private static void WriteMembers(StringBuilder json, List<KeyValuePair<string, object>> members, int depth)
    {
        if (members.Count == 0)
        {
            json.Append("{}");
            return;
        }

        json.Append("{\n");
        for (var i = 0; i < members.Count; i++)
        {
            Indent(json, depth + 1);
            WriteString(json, members[i].Key);
            json.Append(": ");
            Write(json, members[i].Value, depth + 1);
            json.Append(i < members.Count - 1 ? ",\n" : "\n");
        }

        Indent(json, depth);
        json.Append('}');
    }

    /// <summary>Arrays of scalars on one line (enums read better so); arrays of objects one per line.</summary>
    private static void WriteItems(StringBuilder json, IEnumerable items, int depth)
    {
        var list = new List<object>();
        foreach (var item in items)
        {
            list.Add(item);
        }

        var nested = list.Exists(i => i is SchemaObject);
        json.Append('[');
        for (var i = 0; i < list.Count; i++)
        {
            if (nested)
            {
                json.Append('\n');
                Indent(json, depth + 1);
            }
            else if (i > 0)
            {
                json.Append(' ');
            }

            Write(json, list[i], depth + 1);
            if (i < list.Count - 1)
            {
                json.Append(',');
            }
        }

        if (nested)
        {
            json.Append('\n');
            Indent(json, depth);
        }

        json.Append(']');
    }

    private static void WriteString(StringBuilder json, string text) => Templates.PromptTemplate.WriteString(text, json);

    private static void Indent(StringBuilder json, int depth) => json.Append(' ', depth * 2);
}
