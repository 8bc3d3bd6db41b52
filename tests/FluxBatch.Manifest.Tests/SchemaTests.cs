using System.Text.Json;
using FluxBatch.Manifest.Schema;
using Json.Schema;

namespace FluxBatch.Manifest.Tests;

/// <summary>docs/manifest.schema.json (editor help) must accept every valid manifest and catch the plain key typos.</summary>
public sealed class SchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "manifest.schema.json")));

    public static TheoryData<string> ValidManifests() => RobustnessTests.ValidManifests();

    [Theory]
    [MemberData(nameof(ValidManifests))]
    public void Schema_accepts_valid_manifests(string file)
    {
        var result = Evaluate(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "valid", file)));

        Assert.True(result.IsValid, file);
    }

    [Theory]
    [InlineData("promt: hi\n")]
    [InlineData("prompt: hi\ndefaults: { guidnace: 4 }\n")]
    [InlineData("prompt: hi\ndefaults: { steps: 60 }\n")]
    [InlineData("prompt: hi\nconcurrency: 30\n")]
    [InlineData("prompt: hi\nbudget: { max_usd: -5 }\n")]
    [InlineData("prompt: hi\nseeds: { values: [11, 42], base: 3 }\n")]
    [InlineData("prompt: hi\nseeds: { values: [11, 11] }\n")]
    [InlineData("prompt: hi\nseeds: { values: [-1] }\n")]
    [InlineData("prompt: hi\nseeds: { values: [] }\n")]
    [InlineData("prompt: hi\nseeds: { base: 1, vary_with: [steps, steps] }\n")]
    public void Schema_rejects_typos_and_out_of_range_values(string yaml) =>
        Assert.False(Evaluate(yaml).IsValid);

    [Theory]
    [InlineData("prompt: hi\nseeds: { base: 1, count: 2, vary_with: [steps] }\n")]
    [InlineData("prompt: hi\nseeds: { values: [11, 42, 1234] }\n")]
    public void Schema_accepts_every_seed_form(string yaml) =>
        Assert.True(Evaluate(yaml).IsValid);

    private static EvaluationResults Evaluate(string yaml)
    {
        // The same YAML-to-JSON conversion `fluxbatch schema` users get: the manifest's own loader.
        using var document = JsonDocument.Parse(ManifestJson.FromYaml("s.flux.yaml", yaml)!);
        return Schema.Evaluate(document.RootElement);
    }
}
