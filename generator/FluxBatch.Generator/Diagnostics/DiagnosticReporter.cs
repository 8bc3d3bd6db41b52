using System.Collections.Concurrent;
using System.Linq;
using FluxBatch.Generator.Model;
using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Diagnostics;

/// <summary>
/// Turns waiting diagnostics into compiler diagnostics. Manifest diagnostics keep the shared catalogue's id and
/// the reader's finished message, so the build prints exactly what <c>fluxbatch validate</c> prints.
/// </summary>
internal static class DiagnosticReporter
{
    private const string ManifestCategory = "FluxBatch.Manifest";
    private const string HelpBase = "docs/diagnostics.md#";

    private static readonly ConcurrentDictionary<(string Id, DiagnosticSeverity Severity), DiagnosticDescriptor> ManifestDescriptors = new();

    public static Diagnostic ToDiagnostic(DiagnosticInfo info) =>
        Diagnostic.Create(DescriptorFor(info), info.Location.ToLocation(), info.Arguments.Cast<object>().ToArray());

    private static DiagnosticDescriptor DescriptorFor(DiagnosticInfo info) =>
        GeneratorDiagnostics.Find(info.Id) ?? ManifestDescriptors.GetOrAdd((info.Id, info.Severity), key => new DiagnosticDescriptor(
            key.Id,
            ManifestTitles.For(key.Id),
            "{0}",
            ManifestCategory,
            key.Severity,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + key.Id.ToLowerInvariant()));
}
