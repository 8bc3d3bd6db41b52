using System;
using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// <c>--set PATH=VALUE</c> on the command line (<c>--set defaults.width=512 --set sweep.grid.steps=[8,16]</c>): each
/// replaces (or adds) one key of the YAML tree before the rules run, so an override is checked exactly like the
/// manifest. VALUE is YAML (a flow value). Whatever is wrong with an override is reported at the override itself:
/// the position's file is <c>--set PATH=VALUE</c>, line 1, the column within that text.
/// </summary>
internal static class ManifestOverrides
{
    public static ManifestValue Apply(ManifestValue root, IEnumerable<string> overrides, DiagnosticBag diagnostics)
    {
        foreach (var text in overrides)
        {
            var origin = "--set " + text;
            var equals = text.IndexOf('=');
            var path = equals < 0 ? Array.Empty<string>() : text.Substring(0, equals).Split('.');
            if (equals <= 0 || path.Any(string.IsNullOrWhiteSpace))
            {
                diagnostics.Report(DiagnosticDescriptors.WrongType, new SourcePosition(origin, 1, 1),
                    "--set", "PATH=VALUE with a dotted PATH (e.g. defaults.width=512)", "`" + text + "`");
                continue;
            }

            // The value is parsed where it stands in the option, so YAML errors point at their column there.
            var padded = new string(' ', equals + 1) + text.Substring(equals + 1);
            var value = YamlLoader.Load(origin, padded, diagnostics);
            if (value is null)
                continue;
            root = Set(root, path, 0, value, origin, diagnostics) ?? root;
        }

        return root;
    }

    /// <summary><paramref name="node"/> with <paramref name="path"/>[<paramref name="depth"/>..] set; null when the path leads through a non-mapping.</summary>
    private static ManifestValue? Set(ManifestValue node, string[] path, int depth, ManifestValue value, string origin, DiagnosticBag diagnostics)
    {
        if (node is not MapValue map)
        {
            diagnostics.Report(DiagnosticDescriptors.WrongType, new SourcePosition(origin, 1, 1),
                string.Join(".", path.Take(depth)), $"a mapping to set `{path[depth]}` in it", ValueText.Describe(node));
            return null;
        }

        var key = path[depth];
        var keyPosition = new SourcePosition(origin, 1, 1 + string.Join(".", path.Take(depth)).Length + (depth == 0 ? 0 : 1));
        var index = map.Entries.ToList().FindIndex(e => e.Key == key);
        ManifestValue replacement;
        if (depth == path.Length - 1)
        {
            replacement = value;
        }
        else
        {
            var child = index >= 0 ? map.Entries[index].Value : new MapValue(Array.Empty<MapEntry>(), keyPosition);
            var changed = Set(child, path, depth + 1, value, origin, diagnostics);
            if (changed is null)
                return null;
            replacement = changed;
        }

        var entries = map.Entries.ToList();
        var entry = new MapEntry(key, keyPosition, replacement);
        if (index >= 0)
            entries[index] = entry;
        else
            entries.Add(entry);
        return map with { Entries = entries };
    }
}
