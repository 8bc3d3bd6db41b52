using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using FluxBatch.Generator.Model;
using FluxBatch.Manifest.Diagnostics;
using Microsoft.CodeAnalysis;
using ManifestDescriptor = FluxBatch.Manifest.Diagnostics.DiagnosticDescriptor;
using RoslynDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace FluxBatch.Generator.Diagnostics;

/// <summary>
/// Turns waiting diagnostics into compiler diagnostics. Manifest diagnostics get a Roslyn descriptor built from the
/// shared catalogue (<see cref="DiagnosticDescriptors"/>: id, title, message format, help), so the build prints
/// exactly what <c>fluxbatch validate</c> prints.
/// </summary>
internal static class DiagnosticReporter
{
    private const string VerbatimFormat = "{0}";

    private static readonly ConcurrentDictionary<(string Id, RoslynSeverity Severity, bool Verbatim), RoslynDescriptor> ManifestDescriptors = new();

    /// <summary>
    /// A manifest diagnostic as it waits in the pipeline: with the catalogue's arguments when they rebuild its
    /// message exactly, else with the finished message alone.
    /// </summary>
    public static DiagnosticInfo FromManifest(ManifestDiagnostic diagnostic, LocationInfo location)
    {
        var severity = diagnostic.IsError ? RoslynSeverity.Error : RoslynSeverity.Warning;
        var format = DiagnosticDescriptors.Find(diagnostic.Id)?.MessageFormat;
        var arguments = diagnostic.Arguments.ToArray();
        var rebuilds = format is not null && Rebuilds(format, arguments, diagnostic.Message);
        return rebuilds
            ? new DiagnosticInfo(diagnostic.Id, severity, arguments.ToEquatableArray(), location)
            : new DiagnosticInfo(diagnostic.Id, severity, new[] { diagnostic.Message }.ToEquatableArray(), location, Verbatim: true);
    }

    public static Diagnostic ToDiagnostic(DiagnosticInfo info) =>
        Diagnostic.Create(DescriptorFor(info), info.Location.ToLocation(), info.Arguments.Cast<object>().ToArray());

    private static RoslynDescriptor DescriptorFor(DiagnosticInfo info) =>
        GeneratorDiagnostics.Find(info.Id) ?? ManifestDescriptors.GetOrAdd((info.Id, info.Severity, info.Verbatim), Create);

    private static RoslynDescriptor Create((string Id, RoslynSeverity Severity, bool Verbatim) key)
    {
        var shared = DiagnosticDescriptors.Find(key.Id);
        return shared is null
            ? new RoslynDescriptor(key.Id, "The manifest breaks a rule", VerbatimFormat, "FluxBatch.Manifest", key.Severity, isEnabledByDefault: true)
            : ToRoslyn(shared, key.Severity, key.Verbatim ? VerbatimFormat : shared.MessageFormat);
    }

    /// <summary>
    /// A catalogue entry as a Roslyn descriptor: its id, title, message format, category, severity, the help as the
    /// description (the IDE's tooltip) and the absolute help link (docs/diagnostics.md, "Help links").
    /// </summary>
    public static RoslynDescriptor ToRoslyn(ManifestDescriptor shared) =>
        ToRoslyn(shared, shared.Severity == FluxBatch.Manifest.Diagnostics.DiagnosticSeverity.Error ? RoslynSeverity.Error : RoslynSeverity.Warning, shared.MessageFormat);

    private static RoslynDescriptor ToRoslyn(ManifestDescriptor shared, RoslynSeverity severity, string messageFormat) =>
        new(
            shared.Id,
            shared.Title,
            messageFormat,
            "FluxBatch." + shared.Category,
            severity,
            isEnabledByDefault: true,
            description: shared.Help,
            helpLinkUri: shared.HelpLink);

    private static bool Rebuilds(string format, string[] arguments, string message)
    {
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, arguments.Cast<object>().ToArray()) == message;
        }
        catch (System.FormatException)
        {
            return false;
        }
    }
}
