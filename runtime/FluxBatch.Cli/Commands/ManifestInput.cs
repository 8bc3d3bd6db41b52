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
        var result = FluxBatch.Planning.Plan.Read(path, overrides);
        DiagnosticsPrinter.Print(error, result.Diagnostics);
        return result.Manifest;
    }

    /// <summary>
    /// Renders every job's output path (and re-reads the references) as the planner does before a run, printing
    /// what it refuses; the budget is not judged here (that is <c>plan</c>'s and <c>run</c>'s).
    /// </summary>
    public static bool OutputsAreValid(ManifestSpec manifest, TextWriter error)
    {
        try
        {
            var errors = FluxBatch.Planning.Plan.Create(manifest with { Budget = null }).InputErrors.ToList();
            DiagnosticsPrinter.Print(error, errors);
            return errors.Count == 0;
        }
        catch (FluxBatchException e) when (e.Diagnostic is not null)
        {
            DiagnosticsPrinter.Print(error, [e.Diagnostic!]);
            return false;
        }
    }
}
