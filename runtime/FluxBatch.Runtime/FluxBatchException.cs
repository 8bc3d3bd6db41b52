using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch;

/// <summary>
/// The one exception the runtime's doors throw for something the user can fix, so that one catch tells it from a
/// bug: a job whose template fails on its values while a plan is enumerated (<see cref="Diagnostic"/> says where,
/// as <c>file:line:col</c>), or a run folder that cannot be used (another run holds it, it is read-only or full;
/// nothing was submitted).
/// </summary>
public class FluxBatchException : Exception
{
    internal FluxBatchException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    internal FluxBatchException(ManifestDiagnostic diagnostic)
        : base(diagnostic.ToString()) => Diagnostic = diagnostic;

    /// <summary>The manifest diagnostic of a planning failure; null for a run folder that cannot be used.</summary>
    public ManifestDiagnostic? Diagnostic { get; }
}
