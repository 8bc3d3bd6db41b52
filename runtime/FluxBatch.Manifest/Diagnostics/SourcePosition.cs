namespace FluxBatch.Manifest.Diagnostics;

/// <summary>A place in a manifest file: 1-based line and column, as editors and compilers show them.</summary>
public readonly record struct SourcePosition(string Path, int Line, int Column)
{
    public override string ToString() => $"{DiagnosticText.Escape(Path)}:{Line}:{Column}";
}
