using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Diagnostics;

/// <summary>
/// Diagnostics only the generator can find: they are about C# names and about several manifests at once,
/// which the manifest rules (shared with the CLI) know nothing of. Ids FLUX5xxx, listed in docs/diagnostics.md with
/// every other id and explained in docs/generator.md (a test keeps both in step with this class).
/// </summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "FluxBatch.Generator";

    public static readonly DiagnosticDescriptor UnreadableManifest = Error(
        "FLUX5001",
        "A manifest file could not be read",
        "The manifest '{0}' could not be read by the compiler");

    public static readonly DiagnosticDescriptor InvalidPresetName = Error(
        "FLUX5002",
        "A manifest name must make a C# type name",
        "The manifest name '{0}' becomes '{1}', which cannot name a preset: {2}");

    public static readonly DiagnosticDescriptor MemberNameClash = Error(
        "FLUX5003",
        "Two manifest keys become the same C# member",
        "'{0}' and '{1}' both become the member '{2}' of preset {3}; rename one of them");

    public static readonly DiagnosticDescriptor DuplicatePresetName = Error(
        "FLUX5004",
        "Two manifests make presets of the same name",
        "The preset {0} is also made by '{1}'; give one of the manifests another name");

    public static readonly DiagnosticDescriptor ReservedMemberName = Error(
        "FLUX5005",
        "A manifest key must make a usable C# member name",
        "'{0}' becomes the member '{1}', which preset {2} cannot declare: {3}; rename it");

    private static readonly DiagnosticDescriptor[] All =
    {
        UnreadableManifest, InvalidPresetName, MemberNameClash, DuplicatePresetName, ReservedMemberName,
    };

    /// <summary>Every descriptor (for the catalogue tests).</summary>
    internal static System.Collections.Generic.IReadOnlyList<DiagnosticDescriptor> Descriptors => All;

    public static DiagnosticDescriptor? Find(string id) => System.Array.Find(All, d => d.Id == id);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
