using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Planning;

/// <summary>A user-caused planning failure (a template that fails on some job's values): carries its diagnostic.</summary>
internal sealed class PlanningException(ManifestDiagnostic diagnostic) : FluxBatchException(diagnostic)
{
    public new ManifestDiagnostic Diagnostic => base.Diagnostic!;
}
