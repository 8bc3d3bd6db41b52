using System.Collections.Generic;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Model;

/// <summary>
/// A value read from YAML, typed and positioned. Numbers are <see cref="decimal"/> so that
/// <c>{from: 1.5, to: 3.5, step: 0.1}</c> reaches 3.5 exactly.
/// </summary>
public abstract record ManifestValue(SourcePosition Position);

public sealed record StringValue(string Value, SourcePosition Position) : ManifestValue(Position);

public sealed record IntegerValue(long Value, SourcePosition Position) : ManifestValue(Position);

public sealed record NumberValue(decimal Value, SourcePosition Position) : ManifestValue(Position);

public sealed record BoolValue(bool Value, SourcePosition Position) : ManifestValue(Position);

public sealed record ListValue(IReadOnlyList<ManifestValue> Items, SourcePosition Position) : ManifestValue(Position);

/// <summary>A mapping whose entries keep the manifest's order (structured prompts are sent in that order).</summary>
public sealed record MapValue(IReadOnlyList<MapEntry> Entries, SourcePosition Position) : ManifestValue(Position);

public sealed record MapEntry(string Key, SourcePosition KeyPosition, ManifestValue Value);

/// <summary>Plain .NET values of manifest values, for the template engine and the schema's JSON alike.</summary>
public static class ManifestValues
{
    /// <summary>
    /// Text, <see cref="long"/>, <see cref="decimal"/> (written as in the manifest), booleans and lists of them;
    /// each mapping as <paramref name="map"/> makes it (its entries through this same conversion).
    /// </summary>
    public static object? ToPlain(ManifestValue value, System.Func<MapValue, object?> map) => value switch
    {
        StringValue s => s.Value,
        IntegerValue i => i.Value,
        NumberValue n => n.Value,
        BoolValue b => b.Value,
        ListValue l => System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(l.Items, item => ToPlain(item, map))),
        MapValue m => map(m),
        _ => null,
    };
}
