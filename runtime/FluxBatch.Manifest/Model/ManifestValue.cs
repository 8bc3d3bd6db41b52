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
