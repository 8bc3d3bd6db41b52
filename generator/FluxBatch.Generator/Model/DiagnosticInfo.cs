using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Model;

/// <summary>
/// A diagnostic waiting to be reported: its id, severity, the arguments of its message format and where it
/// points. Manifest diagnostics carry their finished message as the single argument.
/// </summary>
internal sealed record DiagnosticInfo(string Id, DiagnosticSeverity Severity, EquatableArray<string> Arguments, LocationInfo Location)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor.Id, descriptor.DefaultSeverity, arguments.ToEquatableArray(), location);
}
