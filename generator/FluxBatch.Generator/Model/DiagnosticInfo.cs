using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Model;

/// <summary>
/// A diagnostic waiting to be reported: its id, severity, the arguments of its message format and where it points.
/// </summary>
/// <param name="Verbatim">True when <paramref name="Arguments"/> holds the finished message alone (a manifest
/// diagnostic whose arguments do not rebuild its message from the catalogue's format).</param>
internal sealed record DiagnosticInfo(string Id, DiagnosticSeverity Severity, EquatableArray<string> Arguments, LocationInfo Location, bool Verbatim = false)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor.Id, descriptor.DefaultSeverity, arguments.ToEquatableArray(), location);
}
