using System.Collections.Immutable;
using System.Linq;
using FluxBatch.Generator.Diagnostics;
using FluxBatch.Generator.Emitting;
using FluxBatch.Generator.Model;
using FluxBatch.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FluxBatch.Generator;

/// <summary>
/// Turns manifests listed as <c>AdditionalFiles</c> (default pattern <c>*.flux.yaml</c>) into typed presets.
/// Each manifest is parsed and emitted on its own, so editing one re-emits only that preset; the presets are
/// gathered only for the registry and for the duplicate-name check.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PresetGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(GeneratorOptions.From)
            .WithTrackingName(TrackingNames.Options);

        var runtime = context.CompilationProvider
            .Select(RuntimeSupport.From)
            .WithTrackingName(TrackingNames.RuntimeSupport);

        // Reference images are checked against the project's AdditionalFiles: the generator does not read the disk.
        var additionalFiles = context.AdditionalTextsProvider
            .Select(static (text, _) => text.Path)
            .Collect()
            .Select(static (paths, _) => paths.Sort(System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.AdditionalFiles);

        var manifests = context.AdditionalTextsProvider
            .Combine(options)
            .Where(static pair => pair.Right.IsManifest(pair.Left.Path))
            .WithTrackingName(TrackingNames.ManifestFiles)
            .Combine(additionalFiles)
            .Select(static (input, ct) => PresetParser.Parse(input.Left.Left, input.Left.Right, input.Right, ct))
            .WithTrackingName(TrackingNames.Manifests);

        var entries = manifests
            .Select(static (model, _) => model.Preset is { } p
                ? new PresetEntry(p.Namespace, p.TypeName, p.ManifestName, p.Model, model.NameLocation)
                : null)
            .Where(static entry => entry is not null)
            .Select(static (entry, _) => entry!)
            .WithTrackingName(TrackingNames.Entries)
            .Collect();

        var duplicates = entries
            .Select(static (all, _) => DuplicateNames.Find(all))
            .WithTrackingName(TrackingNames.DuplicateNames);

        var presets = WithDuplicates(manifests, duplicates, runtime, TrackingNames.Presets);

        context.RegisterSourceOutput(presets, static (spc, input) => EmitPreset(spc, input.Left.Left, input.Left.Right, input.Right));
        context.RegisterSourceOutput(entries.Combine(duplicates).Combine(options).WithTrackingName(TrackingNames.Registry),
            static (spc, input) => EmitRegistry(spc, input.Left.Left, input.Left.Right, input.Right));
        context.RegisterSourceOutput(runtime.Combine(options),
            static (spc, input) => EmitSupport(spc, input.Left, input.Right));

        // In a test project that references FluxBatch.Testing: one plan snapshot test per manifest.
        var testing = context.CompilationProvider
            .Select(TestSupport.From)
            .Combine(options)
            .Select(static (input, _) => input.Left && input.Right.SnapshotTests)
            .WithTrackingName(TrackingNames.TestSupport);
        var snapshotTests = WithDuplicates(manifests, duplicates, testing, TrackingNames.SnapshotTests);
        context.RegisterSourceOutput(snapshotTests, static (spc, input) => EmitSnapshotTest(spc, input.Left.Left, input.Left.Right, input.Right));
    }

    /// <summary>Each manifest with the names taken twice (a preset whose name another file has is not emitted) and one more input.</summary>
    private static IncrementalValuesProvider<((ManifestModel Left, DuplicateNames Right) Left, T Right)> WithDuplicates<T>(
        IncrementalValuesProvider<ManifestModel> manifests, IncrementalValueProvider<DuplicateNames> duplicates, IncrementalValueProvider<T> other, string trackingName) =>
        manifests.Combine(duplicates).Combine(other).WithTrackingName(trackingName);

    private static void EmitSnapshotTest(SourceProductionContext context, ManifestModel model, DuplicateNames duplicates, bool enabled)
    {
        if (enabled && model.Preset is { } preset && duplicates.OtherFile(preset.TypeName, model.Path) is null)
        {
            var directory = System.IO.Path.GetDirectoryName(model.Path) ?? ".";
            context.AddSource(SnapshotTestEmitter.HintName(preset), SourceText.From(SnapshotTestEmitter.Emit(preset, directory), System.Text.Encoding.UTF8));
        }
    }

    private static void EmitPreset(SourceProductionContext context, ManifestModel model, DuplicateNames duplicates, RuntimeSupport runtime)
    {
        foreach (var diagnostic in model.Diagnostics)
        {
            context.ReportDiagnostic(DiagnosticReporter.ToDiagnostic(diagnostic));
        }
        if (model.Preset is not { } preset)
        {
            return;
        }
        if (duplicates.OtherFile(preset.TypeName, model.Path) is { } other)
        {
            context.ReportDiagnostic(DiagnosticReporter.ToDiagnostic(
                DiagnosticInfo.Create(GeneratorDiagnostics.DuplicatePresetName, model.NameLocation, preset.TypeName, other)));
            return;
        }
        context.AddSource(PresetEmitter.HintName(preset), SourceText.From(PresetEmitter.Emit(preset, runtime), System.Text.Encoding.UTF8));
    }

    private static void EmitRegistry(SourceProductionContext context, ImmutableArray<PresetEntry> entries, DuplicateNames duplicates, GeneratorOptions options)
    {
        var unique = entries.Where(e => !duplicates.Contains(e.TypeName)).ToList();
        context.AddSource(RegistryEmitter.HintName, SourceText.From(RegistryEmitter.Emit(options.Namespace, unique), System.Text.Encoding.UTF8));
    }

    private static void EmitSupport(SourceProductionContext context, RuntimeSupport runtime, GeneratorOptions options)
    {
        if (runtime.CanReadManifest)
        {
            context.AddSource(SupportEmitter.HintName, SourceText.From(SupportEmitter.Emit(options.Namespace), System.Text.Encoding.UTF8));
        }
    }
}
