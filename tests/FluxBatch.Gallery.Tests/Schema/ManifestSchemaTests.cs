using System.Text.Json;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Schema;
using Json.Schema;

namespace FluxBatch.Gallery.Tests.Schema;

/// <summary>
/// The JSON Schema against the validator: the committed file is the generated one, every manifest the validator
/// accepts the schema accepts, and the mistakes a schema can express it rejects.
/// </summary>
public sealed class ManifestSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ManifestSchema.ToJson()));

    /// <summary>
    /// Files of the manifest helper's invalid corpus (tests/FluxBatch.Manifest.Tests/Corpus/invalid) whose mistake
    /// is a schema rule (a key, a type, a range, an enum). The others need the validator: templates, rules across
    /// sections, files on disk, sweep sizes and budgets, YAML syntax.
    /// </summary>
    public static readonly string[] SchemaExpressibleInvalidCorpus = [];

    [Fact]
    public void Committed_schema_is_the_generated_one()
    {
        var committed = File.ReadAllText(Repository.PathOf("docs", "manifest.schema.json")).ReplaceLineEndings("\n");

        Assert.True(committed == ManifestSchema.ToJson(),
            "docs/manifest.schema.json is stale: regenerate it with `fluxbatch schema > docs/manifest.schema.json`");
    }

    [Fact]
    public void Schema_is_valid_draft_07()
    {
        var metaSchema = MetaSchemas.Draft7;
        using var schema = JsonDocument.Parse(ManifestSchema.ToJson());

        Assert.True(metaSchema.Evaluate(schema.RootElement).IsValid);
    }

    public static TheoryData<string> ValidManifests()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("tests", "FluxBatch.Manifest.Tests", "Corpus", "valid"), "*.flux.yaml")
            .Concat(Directory.Exists(Repository.PathOf("examples")) ? Directory.EnumerateFiles(Repository.PathOf("examples"), "*.flux.yaml") : [])
            .Order(StringComparer.Ordinal))
            files.Add(Path.GetRelativePath(Repository.Root, file));
        return files;
    }

    [Theory]
    [MemberData(nameof(ValidManifests))]
    public void Manifests_the_validator_accepts_validate(string file)
    {
        var path = Repository.PathOf(file);
        Assert.DoesNotContain(ManifestReader.ReadFile(path).Diagnostics, d => d.IsError);

        var result = Evaluate(File.ReadAllText(path), path);

        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void Expressible_invalid_corpus_files_are_rejected()
    {
        var folder = Repository.PathOf("tests", "FluxBatch.Manifest.Tests", "Corpus", "invalid");
        foreach (var name in SchemaExpressibleInvalidCorpus)
        {
            var path = Path.Combine(folder, name);
            Assert.True(File.Exists(path), $"{name} is listed as schema-expressible but is not in the corpus");
            Assert.NotNull(ManifestReader.ReadFile(path).Diagnostics.FirstOrDefault(d => d.IsError));
            Assert.False(Evaluate(File.ReadAllText(path), path).IsValid, $"the schema accepts {name}");
        }
    }

    /// <summary>One mistake per schema rule, each also an error for the validator (so the two agree).</summary>
    [Theory]
    [InlineData("unknown top-level key", "colour: red")]
    [InlineData("steps above 50", "defaults: { steps: 51 }")]
    [InlineData("guidance below 1.5", "sweep: { grid: { guidance: [1.0, 2.0] } }")]
    [InlineData("width not a multiple of 16", "defaults: { width: 1000 }")]
    [InlineData("output format not in the list", "defaults: { output_format: gif }")]
    [InlineData("unknown request field", "defaults: { quality: high }")]
    [InlineData("size not WxH", "sweep: { grid: { size: [big] } }")]
    [InlineData("seed and seeds", "seed: 1\nseeds: { base: 1, count: 2 }")]
    [InlineData("negative seed", "seed: -1")]
    [InlineData("seed count 0", "seeds: { base: 1, count: 0 }")]
    [InlineData("concurrency above 24", "concurrency: 25")]
    [InlineData("budget of 0", "budget: { max_usd: 0 }")]
    [InlineData("budget without max_usd", "budget: { max: 5 }")]
    [InlineData("unknown model", "model: flux-3")]
    [InlineData("unknown provider", "provider: openai")]
    [InlineData("nine references", "references: [a.png, b.png, c.png, d.png, e.png, f.png, g.png, h.png, i.png]")]
    [InlineData("var named like a request field", "vars: { steps: 3 }")]
    [InlineData("var named like a Scriban keyword", "vars: { for: 3 }")]
    [InlineData("axis named index", "sweep: { grid: { index: [1, 2] } }")]
    [InlineData("axis named seed", "sweep: { grid: { seed: [1, 2] } }")]
    [InlineData("unknown sweep kind", "sweep: { matrix: { steps: [1] } }")]
    [InlineData("empty axis", "sweep: { grid: { steps: [] } }")]
    [InlineData("grid range without step", "sweep: { grid: { steps: { from: 1, to: 9 } } }")]
    [InlineData("random without n", "sweep: { random: { steps: { from: 1, to: 9 } } }")]
    [InlineData("empty output file", "output: { file: \" \" }")]
    [InlineData("invalid manifest name", "name: 9lives")]
    public void Schema_rejects_what_the_validator_rejects(string mistake, string yaml)
    {
        var text = "prompt: A lighthouse in a storm\n" + yaml + "\n";
        var path = Path.Combine(Path.GetTempPath(), "mistake.flux.yaml");

        Assert.True(ManifestReader.Read(path, text).Manifest is null, $"the validator accepts: {mistake}");
        Assert.False(Evaluate(text, path).IsValid, $"the schema accepts: {mistake}");
    }

    private static EvaluationResults Evaluate(string yaml, string path)
    {
        var json = ManifestJson.FromYaml(path, yaml) ?? throw new InvalidOperationException($"{path} is not YAML");
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join("; ", d.Errors!.Values)}"));
}
