using System.Collections.Generic;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Rules;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// Typed access to YAML values that reports FLUX1004 (wrong type) or FLUX1003 (unknown key) instead of failing,
/// so one read can collect every mistake. Each method returns null/false when it reported something.
/// </summary>
internal sealed class Expect
{
    private readonly DiagnosticBag _diagnostics;

    public Expect(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    public DiagnosticBag Diagnostics => _diagnostics;

    public void Report(DiagnosticDescriptor descriptor, SourcePosition position, params object[] arguments) =>
        _diagnostics.Report(descriptor, position, arguments);

    public MapValue? Mapping(ManifestValue value, string label, string expectation = "a mapping")
    {
        if (value is MapValue map)
        {
            return map;
        }

        WrongType(label, expectation, value);
        return null;
    }

    public ListValue? List(ManifestValue value, string label, string expectation = "a list")
    {
        if (value is ListValue list)
        {
            return list;
        }

        WrongType(label, expectation, value);
        return null;
    }

    public string? String(ManifestValue value, string label)
    {
        if (value is StringValue s)
        {
            return s.Value;
        }

        WrongType(label, "text", value);
        return null;
    }

    public long? Integer(ManifestValue value, string label, long min, long max)
    {
        if (value is not IntegerValue integer)
        {
            WrongType(label, $"an integer from {ValueText.Count(min)} to {ValueText.Count(max)}", value);
            return null;
        }

        if (integer.Value < min || integer.Value > max)
        {
            Report(DiagnosticDescriptors.OutOfRange, value.Position, label, ValueText.Plain(value),
                $"from {ValueText.Count(min)} to {ValueText.Count(max)}");
            return null;
        }

        return integer.Value;
    }

    /// <summary>An integer or decimal number.</summary>
    public decimal? Number(ManifestValue value, string label)
    {
        switch (value)
        {
            case IntegerValue i:
                return i.Value;
            case NumberValue n:
                return n.Value;
            default:
                WrongType(label, "a number", value);
                return null;
        }
    }

    public void WrongType(string label, string expectation, ManifestValue found) =>
        Report(DiagnosticDescriptors.WrongType, found.Position, label, expectation, ValueText.Describe(found));

    /// <summary>Reports every key of <paramref name="map"/> not in <paramref name="known"/>, with a did-you-mean hint.</summary>
    public void OnlyKeys(MapValue map, string where, IReadOnlyCollection<string> known)
    {
        foreach (var entry in map.Entries)
        {
            if (!Contains(known, entry.Key))
            {
                Report(DiagnosticDescriptors.UnknownKey, entry.KeyPosition, entry.Key, where, NameSuggestions.Hint(entry.Key, known));
            }
        }
    }

    /// <summary>The value of <paramref name="key"/> unless absent or null.</summary>
    public static ManifestValue? Get(MapValue map, string key)
    {
        foreach (var entry in map.Entries)
        {
            if (entry.Key == key)
            {
                return entry.Value is NullValue ? null : entry.Value;
            }
        }

        return null;
    }

    public static MapEntry? GetEntry(MapValue map, string key)
    {
        foreach (var entry in map.Entries)
        {
            if (entry.Key == key)
            {
                return entry;
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyCollection<string> known, string key)
    {
        foreach (var k in known)
        {
            if (k == key)
            {
                return true;
            }
        }

        return false;
    }
}
