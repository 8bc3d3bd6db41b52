using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// Prints diagnostics as compilers do, <c>file:line:col: error FLUX1003: message</c>, one per line on stderr,
/// so editors and CI annotate them; errors before warnings' order is the manifest's, as reported.
/// </summary>
internal static class DiagnosticsPrinter
{
    public static void Print(TextWriter error, IEnumerable<ManifestDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }
    }
}
