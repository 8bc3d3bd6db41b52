using System.Collections.Generic;
using System.IO;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Reading;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest;

/// <summary>
/// Reads a manifest and checks every rule, reporting all mistakes at once with file:line:col. The result's
/// <see cref="ManifestReadResult.Manifest"/> is non-null exactly when no diagnostic is an error.
/// </summary>
public static class ManifestReader
{
    /// <param name="fs">Where reference images are looked up and inspected; the real disk (existence only) when null.</param>
    /// <param name="overrides"><c>--set PATH=VALUE</c> texts, applied in order before any rule runs (see <see cref="ManifestOverrides"/>).</param>
    public static ManifestReadResult ReadFile(string path, IManifestFileSystem? fs = null, IEnumerable<string>? overrides = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            return Failed(path, ex.Message);
        }
        catch (System.UnauthorizedAccessException ex)
        {
            return Failed(path, ex.Message);
        }

        return Read(path, text, fs ?? PhysicalFileSystem.Instance, overrides);
    }

    /// <param name="path">The manifest's path: used in messages and to resolve reference images.</param>
    /// <param name="yamlText">The manifest's text.</param>
    /// <param name="fs">Where reference images are looked up; the real disk when null.</param>
    /// <param name="overrides"><c>--set PATH=VALUE</c> texts, applied in order before any rule runs.</param>
    public static ManifestReadResult Read(string path, string yamlText, IManifestFileSystem? fs = null, IEnumerable<string>? overrides = null)
    {
        var diagnostics = new DiagnosticBag();
        var root = YamlLoader.Load(path, yamlText, diagnostics);
        ManifestSpec? spec = null;
        if (root is not null && overrides is not null)
        {
            root = ManifestOverrides.Apply(root, overrides, diagnostics);
        }

        if (root is not null)
        {
            spec = new ManifestBinder(path, yamlText, fs ?? PhysicalFileSystem.Instance, diagnostics).Bind(root);
        }

        return new ManifestReadResult(diagnostics.HasErrors ? null : spec, diagnostics.ToSortedList());
    }

    private static ManifestReadResult Failed(string path, string reason) =>
        new(null, new[] { DiagnosticDescriptors.MalformedYaml.Create(new SourcePosition(path, 1, 1), "the file cannot be read: " + reason) });
}
