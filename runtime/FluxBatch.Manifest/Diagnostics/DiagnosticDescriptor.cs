using System.Globalization;

namespace FluxBatch.Manifest.Diagnostics;

/// <summary>
/// One kind of manifest mistake: a stable id, a title that reads as a sentence, and the message format
/// (<see cref="string.Format(System.IFormatProvider, string, object[])"/> placeholders). The CLI prints
/// <see cref="Create"/>'s message; the source generator builds its Roslyn descriptor from the same id, title and
/// format and passes <see cref="ManifestDiagnostic.Arguments"/>, so both show the same text.
/// </summary>
/// <param name="Id">Stable id: FLUX1xxx schema, FLUX2xxx templates, FLUX3xxx sweep/seeds, FLUX4xxx budget/cost/references/output,
/// FLUX5xxx the source generator's own checks.</param>
/// <param name="Category">The concern the id range stands for (Schema, Template, Sweep, Budget, Generator).</param>
/// <param name="Help">What to do about it; shown by <c>fluxbatch validate --explain</c> and in docs/diagnostics.md.</param>
public sealed record DiagnosticDescriptor(
    string Id,
    string Title,
    string MessageFormat,
    string Category,
    DiagnosticSeverity Severity,
    string Help)
{
    /// <summary>The id's row in docs/diagnostics.md: <see cref="DiagnosticDescriptors.HelpBaseUrl"/> and <c>#flux1008</c>.</summary>
    public string HelpLink => DiagnosticDescriptors.HelpBaseUrl + "#" + Id.ToLowerInvariant();

    /// <summary>Formats the message with invariant culture (numbers look the same on every machine).</summary>
    public ManifestDiagnostic Create(SourcePosition position, params object[] arguments)
    {
        var texts = new string[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            texts[i] = DiagnosticText.Escape(System.Convert.ToString(arguments[i], CultureInfo.InvariantCulture) ?? string.Empty);
        }

        var message = string.Format(CultureInfo.InvariantCulture, MessageFormat, texts);
        return new ManifestDiagnostic(Id, Severity, message, position) { Arguments = texts };
    }
}
