using System;
using System.Linq;
using FluxBatch.Generator.Model;
using FluxBatch.Generator.Parsing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FluxBatch.Generator;

/// <summary>
/// The MSBuild properties the generator reads (made visible to it by <c>CompilerVisibleProperty</c>
/// in <c>build/FluxBatch.Generator.props</c>).
/// </summary>
/// <param name="ManifestPatterns">File-name patterns of manifests, from <c>FluxBatchManifestPattern</c>
/// (<c>;</c>-separated, <c>*</c> and <c>?</c> wildcards; default <c>*.flux.yaml</c>).</param>
/// <param name="Namespace">Namespace of the presets, from <c>FluxBatchPresetNamespace</c> (default <c>FluxBatch.Presets</c>).</param>
/// <param name="SnapshotTests">Emit a plan snapshot test per manifest in a project that references FluxBatch.Testing;
/// <c>FluxBatchSnapshotTests=false</c> turns it off (default on).</param>
internal sealed record GeneratorOptions(EquatableArray<string> ManifestPatterns, string Namespace, bool SnapshotTests = true)
{
    public const string PatternProperty = "build_property.FluxBatchManifestPattern";
    public const string NamespaceProperty = "build_property.FluxBatchPresetNamespace";
    public const string SnapshotTestsProperty = "build_property.FluxBatchSnapshotTests";
    public const string DefaultPattern = "*.flux.yaml";
    public const string DefaultNamespace = "FluxBatch.Presets";

    public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken _)
    {
        var options = provider.GlobalOptions;
        var pattern = options.TryGetValue(PatternProperty, out var p) && !string.IsNullOrWhiteSpace(p) ? p : DefaultPattern;
        var ns = options.TryGetValue(NamespaceProperty, out var n) && !string.IsNullOrWhiteSpace(n) ? n.Trim() : DefaultNamespace;
        var patterns = pattern
            .Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(x => x.Trim())
            .Where(x => x.Length > 0)
            .ToEquatableArray();
        var tests = !(options.TryGetValue(SnapshotTestsProperty, out var t) && string.Equals(t.Trim(), "false", StringComparison.OrdinalIgnoreCase));
        return new GeneratorOptions(patterns, ns, tests);
    }

    public bool IsManifest(string path) => ManifestPatterns.Any(pattern => FileNamePattern.Matches(pattern, path));
}
