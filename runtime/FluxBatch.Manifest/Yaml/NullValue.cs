using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Yaml;

/// <summary>
/// A YAML null (<c>~</c>, <c>null</c>, or a key without a value). Internal: the rules either treat it as
/// "not given" or report it, so it never reaches a <see cref="ManifestSpec"/>.
/// </summary>
internal sealed record NullValue(SourcePosition Position) : ManifestValue(Position);
