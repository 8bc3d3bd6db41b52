using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Planning;

/// <summary>A user-caused planning failure (a template that fails on some job's values): carries its diagnostic.</summary>
public sealed class PlanningException(ManifestDiagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public ManifestDiagnostic Diagnostic { get; } = diagnostic;
}
