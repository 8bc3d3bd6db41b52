using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Schema;

/// <summary>
/// A manifest's YAML as the JSON document the schema describes, read by the manifest's own YAML loader (same
/// scalar typing, anchors and merge keys as the validator), so schema and validator judge the same document.
/// </summary>
public static class ManifestJson
{
    /// <returns>The JSON text, or null when the YAML itself does not parse.</returns>
    public static string? FromYaml(string path, string yamlText)
    {
        var diagnostics = new DiagnosticBag();
        var root = YamlLoader.Load(path, yamlText, diagnostics);
        if (root is null || diagnostics.HasErrors)
        {
            return null;
        }

        return SchemaObject.Serialize(ToJson(root));
    }

    private static object? ToJson(ManifestValue value) => ManifestValues.ToPlain(value, Object);

    private static SchemaObject Object(MapValue map)
    {
        var obj = new SchemaObject();
        foreach (var entry in map.Entries)
        {
            obj.Add(entry.Key, ToJson(entry.Value));
        }

        return obj;
    }
}
