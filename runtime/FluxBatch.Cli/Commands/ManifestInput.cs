using FluxBatch.Cli.Rendering;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Cli.Commands;

/// <summary>Reads a manifest for a command: prints every diagnostic; returns the manifest only if it has no error.</summary>
internal static class ManifestInput
{
    public static ManifestSpec? Read(string path, TextWriter error)
    {
        var result = ManifestReader.ReadFile(path, new FluxBatch.Planning.References.ReferenceFileSystem());
        DiagnosticsPrinter.Print(error, result.Diagnostics);
        return result.Manifest;
    }
}
