using System.Reflection;
using FluxBatch.Generator.Diagnostics;
using FluxBatch.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Tests;

/// <summary>The generator's own checks (FLUX5xxx): C# names and clashes between manifests, at the YAML's position.</summary>
public sealed class GeneratorDiagnosticsTests
{
    [Fact]
    public void Two_manifests_with_the_same_preset_name_are_both_reported_and_neither_is_emitted()
    {
        var (_, result, _) = GeneratorHarness.Run([
            GeneratorHarness.Manifest("/m/a.flux.yaml", Manifest("night-poster")),
            GeneratorHarness.Manifest("/m/b.flux.yaml", Manifest("night_poster")),
        ]);

        var clashes = result.Diagnostics.Where(d => d.Id == "FLUX5004").OrderBy(d => d.Location.GetLineSpan().Path).ToList();
        Assert.Equal(2, clashes.Count);
        Assert.Equal("/m/a.flux.yaml(1,7): error FLUX5004: The preset NightPoster is also made by '/m/b.flux.yaml'; give one of the manifests another name", clashes[0].ToString());
        Assert.Equal("/m/b.flux.yaml", clashes[1].Location.GetLineSpan().Path);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "NightPoster.g.cs");
        Assert.DoesNotContain("NightPoster", Registry(result));
    }

    [Fact]
    public void A_name_the_generated_code_needs_for_itself_points_at_the_name()
    {
        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest("/m/n.flux.yaml", Manifest("plan"))]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("FLUX5002", diagnostic.Id);
        Assert.Equal(new(0, 6), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal("The manifest name 'plan' becomes 'Plan', which cannot name a preset: the generator uses that name itself", diagnostic.GetMessage());
        Assert.Empty(GeneratorHarness.Presets(result));
    }

    [Fact]
    public void Two_vars_that_become_the_same_property_are_reported_at_the_second()
    {
        var yaml = Manifest("clash", vars: "  fontSize: 12\n  font_size: 14\n", prompt: "Type at {{ fontSize }} or {{ font_size }} pt");
        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest("/m/c.flux.yaml", yaml)]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("FLUX5003", diagnostic.Id);
        Assert.Equal(5, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("'fontSize' and 'font_size' both become the member 'FontSize'", diagnostic.GetMessage());
    }

    [Fact]
    public void A_var_named_like_a_member_of_the_record_is_reported()
    {
        var yaml = Manifest("reserved", vars: "  equals: yes\n", prompt: "Is it {{ equals }}?");
        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest("/m/r.flux.yaml", yaml)]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("FLUX5005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void The_manifest_pattern_and_namespace_come_from_msbuild_properties()
    {
        var properties = new Dictionary<string, string>
        {
            ["build_property.FluxBatchManifestPattern"] = "*.batch.yml;*.flux.yaml",
            ["build_property.FluxBatchPresetNamespace"] = "My.Batches",
        };
        var (_, result, _) = GeneratorHarness.Run([
            GeneratorHarness.Manifest("/m/one.batch.yml", Manifest("one")),
            GeneratorHarness.Manifest("/m/two.flux.yaml", Manifest("two")),
            GeneratorHarness.Manifest("/m/notes.yaml", Manifest("three")),
        ], properties);

        Assert.Equal(["One.g.cs", "Two.g.cs"], GeneratorHarness.Presets(result).Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.All(result.GeneratedSources, s => Assert.Contains("namespace My.Batches", s.SourceText.ToString()));
    }

    [Fact]
    public void Every_generator_id_is_in_diagnostics_md_with_its_title_and_message_and_has_its_help_anchor()
    {
        // Every descriptor field, not only those listed in GeneratorDiagnostics' own array, so a new one cannot slip by.
        var descriptors = typeof(GeneratorDiagnostics)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        var diagnosticsMd = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        var generatorMd = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "generator.md"));

        Assert.NotEmpty(descriptors);
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^FLUX5[0-9]{3}$", d.Id);
            Assert.Contains($"| <a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id} | error | {d.Title} | {d.MessageFormat} |", diagnosticsMd, StringComparison.Ordinal);
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id}", generatorMd, StringComparison.Ordinal);
        });
    }

    private static string Registry(GeneratorRunResult result) =>
        result.GeneratedSources.Single(s => s.HintName == "FluxBatchPresets.g.cs").SourceText.ToString();

    private static string Manifest(string name, string vars = "  style: watercolour\n", string prompt = "A lighthouse in {{ style }}") =>
        $"name: {name}\nprompt: {prompt}\nvars:\n{vars}";
}
