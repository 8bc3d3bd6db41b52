using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Yaml;
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
    public void Schema_rejects_typos_and_out_of_range_values(string yaml) =>
        Assert.False(Evaluate(yaml).IsValid);

    private static EvaluationResults Evaluate(string yaml)
    {
        var root = YamlLoader.Load("s.flux.yaml", yaml, new DiagnosticBag())!;
        using var document = JsonDocument.Parse(ToJson(root)!.ToJsonString());
        return Schema.Evaluate(document.RootElement);
    }

    private static JsonNode? ToJson(ManifestValue value) => value switch
    {
        StringValue s => JsonValue.Create(s.Value),
        IntegerValue i => JsonValue.Create(i.Value),
        NumberValue n => JsonNode.Parse(n.Value.ToString(CultureInfo.InvariantCulture)),
        BoolValue b => JsonValue.Create(b.Value),
        ListValue l => new JsonArray(l.Items.Select(ToJson).ToArray()),
        MapValue m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        _ => null,
    };
}
