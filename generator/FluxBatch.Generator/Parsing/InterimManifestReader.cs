using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FluxBatch.Generator.Parsing;

/// <summary>
/// TEMPORARY: a bare YAML-to-<see cref="ManifestSpec"/> reading with no rules, used only until
/// <c>FluxBatch.Manifest.ManifestReader</c> lands on main; then this file is deleted and the parser calls the
/// shared reader, so the rules live in one place.
/// </summary>
internal static class InterimManifestReader
{
    public static (ManifestSpec? Manifest, IReadOnlyList<ManifestDiagnostic> Diagnostics) Read(string path, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return (null, new[] { Error("FLUX1001", $"The YAML is malformed: {e.Message}", path, e.Start) });
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, new[] { new ManifestDiagnostic("FLUX1002", DiagnosticSeverity.Error, "A manifest must be a mapping.", new SourcePosition(path, 1, 1)) });
        }

        var entries = root.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => e);
        if (!entries.TryGetValue("name", out var name) || name.Value is not YamlScalarNode nameNode)
        {
            return (null, new[] { new ManifestDiagnostic("FLUX1003", DiagnosticSeverity.Error, "The manifest has no `name`.", new SourcePosition(path, 1, 1)) });
        }

        var empty = new SourcePosition(path, 1, 1);
        var spec = new ManifestSpec(
            path,
            nameNode.Value!,
            entries.TryGetValue("model", out var model) ? ((YamlScalarNode)model.Value).Value! : "flux-2-flex",
            entries.TryGetValue("prompt", out var prompt) ? Value(path, prompt.Value) : new StringValue("", empty),
            Map(path, entries, "vars").Select(e => new Variable(e.Key, e.Value, e.KeyPosition)).ToList(),
            Map(path, entries, "defaults"),
            new SweepSpec(Grid(path, entries), new List<ZipGroup>(), new List<Combination>(), new List<Combination>(), null),
            new SeedSpec(null, 0, 1),
            new List<ReferenceImage>(),
            null,
            4,
            new OutputSpec("runs", "{{ index }}.png", empty, empty),
            new PriceTable(new Dictionary<string, ModelPrice>()),
            null);
        return (spec, new List<ManifestDiagnostic>());
    }

    private static IReadOnlyList<SweepAxis> Grid(string path, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> entries)
    {
        if (!entries.TryGetValue("sweep", out var sweep) || sweep.Value is not YamlMappingNode sweepMap)
        {
            return new List<SweepAxis>();
        }
        var grid = sweepMap.Children.FirstOrDefault(e => ((YamlScalarNode)e.Key).Value == "grid").Value as YamlMappingNode;
        return grid is null
            ? new List<SweepAxis>()
            : grid.Children.Select(e => new SweepAxis(((YamlScalarNode)e.Key).Value!, ((ListValue)Value(path, e.Value)).Items, Position(path, e.Key.Start))).ToList();
    }

    private static List<MapEntry> Map(string path, Dictionary<string, KeyValuePair<YamlNode, YamlNode>> entries, string key) =>
        entries.TryGetValue(key, out var node) && node.Value is YamlMappingNode map
            ? map.Children.Select(e => new MapEntry(((YamlScalarNode)e.Key).Value!, Position(path, e.Key.Start), Value(path, e.Value))).ToList()
            : new List<MapEntry>();

    private static ManifestValue Value(string path, YamlNode node)
    {
        var at = Position(path, node.Start);
        return node switch
        {
            YamlSequenceNode seq => new ListValue(seq.Children.Select(c => Value(path, c)).ToList(), at),
            YamlMappingNode map => new MapValue(map.Children.Select(e => new MapEntry(((YamlScalarNode)e.Key).Value!, Position(path, e.Key.Start), Value(path, e.Value))).ToList(), at),
            YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => new BoolValue(s.Value == "true", at),
            YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => new IntegerValue(i, at),
            YamlScalarNode { Style: ScalarStyle.Plain } s when decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new NumberValue(d, at),
            YamlScalarNode s => new StringValue(s.Value ?? "", at),
            _ => new StringValue("", at),
        };
    }

    private static SourcePosition Position(string path, Mark mark) => new(path, (int)mark.Line, (int)mark.Column);

    private static ManifestDiagnostic Error(string id, string message, string path, Mark mark) =>
        new(id, DiagnosticSeverity.Error, message, Position(path, mark));
}
