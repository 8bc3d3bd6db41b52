using FluxBatch.Cli.Rendering;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Cli.Commands;

/// <summary>Reads a manifest for a command: prints every diagnostic; returns the manifest only if it has no error.</summary>
internal static class ManifestInput
{
    /// <param name="overrides"><c>--set PATH=VALUE</c> texts, checked like the manifest itself.</param>
    public static ManifestSpec? Read(string path, TextWriter error, IEnumerable<string>? overrides = null)
    {
        var result = ManifestReader.ReadFile(path, overrides);
        DiagnosticsPrinter.Print(error, result.Diagnostics);
        return result.Manifest;
    }
}
