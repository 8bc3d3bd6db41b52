using FluxBatch.Generator.Tests.Infrastructure;

namespace FluxBatch.Generator.Tests;

/// <summary>The generated source of each manifest, compared with its committed snapshot.</summary>
public sealed class GeneratedSourceTests
{
    public static TheoryData<string> TestManifests() => ManifestFiles.In(RepoPaths.TestManifests);

    [Theory]
    [MemberData(nameof(TestManifests))]
    public void Preset_of_test_manifest(string fileName)
    {
        var (_, result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.ManifestFile(Path.Combine(RepoPaths.TestManifests, fileName)) });

        Assert.Empty(result.Diagnostics);
        var preset = Assert.Single(GeneratorHarness.Presets(result));
        Snapshot.Verify(preset.SourceText.ToString(), ManifestFiles.Stem(fileName), "cs");
    }

    public static TheoryData<string> Examples() => ManifestFiles.In(RepoPaths.Examples);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Preset_of_example(string fileName)
    {
        var references = Directory.GetFiles(Path.Combine(RepoPaths.Examples, "refs")).Select(p => GeneratorHarness.Manifest(p, ""));
        var manifest = GeneratorHarness.ManifestFile(Path.Combine(RepoPaths.Examples, fileName));
        var (_, result, _) = GeneratorHarness.Run([manifest, .. references]);

        Assert.Empty(result.Diagnostics);
        var preset = Assert.Single(GeneratorHarness.Presets(result));
        Snapshot.Verify(preset.SourceText.ToString(), ManifestFiles.Stem(fileName), "cs");
    }

    [Fact]
    public void Registry_lists_every_preset_by_name()
    {
        var manifests = ManifestFiles.Paths(RepoPaths.TestManifests).Select(GeneratorHarness.ManifestFile);
        var (_, result, _) = GeneratorHarness.Run(manifests);

        var registry = Assert.Single(result.GeneratedSources, s => s.HintName == "FluxBatchPresets.g.cs");
        Snapshot.Verify(registry.SourceText.ToString(), extension: "cs");
    }
}
