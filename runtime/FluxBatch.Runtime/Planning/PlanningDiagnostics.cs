using System.Globalization;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Planning;

/// <summary>
/// The diagnostics the planner reports, with the catalogue's ids and message texts.
/// TEMPORARY: forwards to FluxBatch.Manifest.Diagnostics.DiagnosticDescriptors once the manifest branch lands.
/// </summary>
internal static class PlanningDiagnostics
{
    public static ManifestDiagnostic EstimateExceedsBudget(SourcePosition position, decimal estimateUsd, long jobs, decimal budgetUsd) =>
        new("FLUX4002", DiagnosticSeverity.Error,
            string.Format(CultureInfo.InvariantCulture, "The plan's estimated cost ${0} for {1} jobs exceeds the budget of ${2}",
                Money(estimateUsd), jobs.ToString("N0", CultureInfo.InvariantCulture), Money(budgetUsd)),
            position);

    public static ManifestDiagnostic TemplateRuntimeError(SourcePosition position, string what, string message) =>
        new("FLUX2003", DiagnosticSeverity.Error,
            string.Format(CultureInfo.InvariantCulture, "{0} fails when rendered: {1}", what, message),
            position);

    public static ManifestDiagnostic BadReference(SourcePosition position, string source, string message) =>
        new("FLUX4005", DiagnosticSeverity.Error,
            string.Format(CultureInfo.InvariantCulture, "Reference image `{0}` cannot be read: {1}", source, message),
            position);

    /// <summary>US dollars with at least two decimals, invariant culture.</summary>
    public static string Money(decimal usd) => usd.ToString("0.00##", CultureInfo.InvariantCulture);
}

/// <summary>A user-caused planning failure (a template that fails on some job's values): carries its diagnostic.</summary>
public sealed class PlanningException(ManifestDiagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public ManifestDiagnostic Diagnostic { get; } = diagnostic;
}
