namespace FluxBatch.Manifest.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// A mistake (or a warning) found in a manifest. The CLI prints it as <c>file:line:col: error FLUX1001: message</c>;
/// the source generator reports the very same id and message as a compiler diagnostic.
/// </summary>
public sealed record ManifestDiagnostic(string Id, DiagnosticSeverity Severity, string Message, SourcePosition Position)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// The already formatted (invariant culture) arguments of the descriptor's message format, so a consumer
    /// holding the descriptor (the source generator) can report exactly <see cref="Message"/>.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string> Arguments { get; init; } = System.Array.Empty<string>();

    /// <summary>Value equality, arguments compared item by item (generator pipelines cache on equality).</summary>
    public bool Equals(ManifestDiagnostic? other) =>
        other is not null
        && Id == other.Id
        && Severity == other.Severity
        && Message == other.Message
        && Position.Equals(other.Position)
        && System.Linq.Enumerable.SequenceEqual(Arguments, other.Arguments);

    public override int GetHashCode() => (Id, Severity, Message, Position).GetHashCode();

    public override string ToString() =>
        $"{Position}: {(IsError ? "error" : "warning")} {Id}: {Message}";
}
