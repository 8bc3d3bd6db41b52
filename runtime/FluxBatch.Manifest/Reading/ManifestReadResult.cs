using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest;

/// <summary>The outcome of reading a manifest: the spec when there is no error, and every diagnostic in file order.</summary>
public sealed record ManifestReadResult(ManifestSpec? Manifest, IReadOnlyList<ManifestDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
