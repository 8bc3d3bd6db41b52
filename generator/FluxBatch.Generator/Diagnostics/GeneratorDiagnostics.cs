using Microsoft.CodeAnalysis;
using Shared = FluxBatch.Manifest.Diagnostics.DiagnosticDescriptors;

namespace FluxBatch.Generator.Diagnostics;

/// <summary>
/// Diagnostics only the generator can find: they are about C# names and about several manifests at once, which the
/// manifest rules know nothing of. Ids FLUX5xxx. Their id, title, message, severity, help and help link live in the one
/// catalogue (<see cref="Shared"/>) beside every other id; this class only makes them Roslyn descriptors, so the build
/// output and docs/diagnostics.md cannot disagree (a test keeps the docs in step with the catalogue).
/// </summary>
internal static class GeneratorDiagnostics
{
    public static readonly DiagnosticDescriptor UnreadableManifest = DiagnosticReporter.ToRoslyn(Shared.UnreadableManifest);

    public static readonly DiagnosticDescriptor InvalidPresetName = DiagnosticReporter.ToRoslyn(Shared.InvalidPresetName);

    public static readonly DiagnosticDescriptor MemberNameClash = DiagnosticReporter.ToRoslyn(Shared.MemberNameClash);

    public static readonly DiagnosticDescriptor DuplicatePresetName = DiagnosticReporter.ToRoslyn(Shared.DuplicatePresetName);

    public static readonly DiagnosticDescriptor ReservedMemberName = DiagnosticReporter.ToRoslyn(Shared.ReservedMemberName);

    private static readonly DiagnosticDescriptor[] All =
    {
        UnreadableManifest, InvalidPresetName, MemberNameClash, DuplicatePresetName, ReservedMemberName,
    };

    /// <summary>Every descriptor (for the catalogue tests).</summary>
    internal static System.Collections.Generic.IReadOnlyList<DiagnosticDescriptor> Descriptors => All;

    public static DiagnosticDescriptor? Find(string id) => System.Array.Find(All, d => d.Id == id);
}
