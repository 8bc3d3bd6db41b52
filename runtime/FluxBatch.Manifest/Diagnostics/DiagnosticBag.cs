using System.Collections.Generic;
using System.Linq;

namespace FluxBatch.Manifest.Diagnostics;

/// <summary>Collects every diagnostic of one read, so all mistakes are reported at once.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<ManifestDiagnostic> _items = new();

    public bool HasErrors => _items.Any(d => d.IsError);

    public int ErrorCount => _items.Count(d => d.IsError);

    public void Report(DiagnosticDescriptor descriptor, SourcePosition position, params object[] arguments) =>
        _items.Add(descriptor.Create(position, arguments));

    public void Add(ManifestDiagnostic diagnostic) => _items.Add(diagnostic);

    /// <summary>In file order (line, then column), so output reads top to bottom; stable for ties.</summary>
    public IReadOnlyList<ManifestDiagnostic> ToSortedList() =>
        _items.Select((d, i) => (d, i))
            .OrderBy(x => x.d.Position.Line)
            .ThenBy(x => x.d.Position.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToArray();
}
