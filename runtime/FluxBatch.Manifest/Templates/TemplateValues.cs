using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Templates;

/// <summary>
/// Turns manifest values into what templates see: text, <see cref="long"/>, <see cref="decimal"/> (written as in
/// the manifest, so <c>4.0</c> renders as <c>4.0</c>), booleans and lists. One conversion for the reader's trial
/// render and the planner's real ones.
/// </summary>
public static class TemplateValues
{
    public static object? From(ManifestValue value) =>
        ManifestValues.ToPlain(value, m => m.Entries.ToDictionary(e => e.Key, e => From(e.Value)));
}
