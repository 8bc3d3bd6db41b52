using System;
using System.Collections.Generic;
using System.Linq;

namespace FluxBatch.Generator.Model;

/// <summary>
/// Preset type names made by more than one manifest, with the files that make each. Compared case-insensitively
/// because generated file names must differ on case-insensitive file systems too. Equatable, so per-preset
/// outputs stay cached while the set of duplicates does not change.
/// </summary>
internal sealed record DuplicateNames(EquatableArray<DuplicateNames.Clash> Clashes)
{
    public static DuplicateNames Find(IEnumerable<PresetEntry> entries) =>
        new(entries
            .GroupBy(e => e.TypeName, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => new Clash(g.Key, g.Select(e => e.NameLocation.Path).OrderBy(p => p, StringComparer.Ordinal).ToEquatableArray()))
            .OrderBy(c => c.TypeName, StringComparer.Ordinal)
            .ToEquatableArray());

    public bool Contains(string typeName) => Clashes.Any(c => string.Equals(c.TypeName, typeName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Another file making a preset named <paramref name="typeName"/>, or null when the name is unique.</summary>
    public string? OtherFile(string typeName, string path) =>
        Clashes
            .Where(c => string.Equals(c.TypeName, typeName, StringComparison.OrdinalIgnoreCase))
            .SelectMany(c => c.Paths)
            .FirstOrDefault(p => !string.Equals(p, path, StringComparison.Ordinal));

    internal sealed record Clash(string TypeName, EquatableArray<string> Paths);
}
