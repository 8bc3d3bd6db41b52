using System.Text.Json;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Schema;
using Json.Schema;

namespace FluxBatch.SchemaAndPackaging.Tests.Schema;

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
    public static readonly string[] SchemaExpressibleInvalidCorpus =
    [
        "budget-negative.flux.yaml",
        "budget-shared-bad-name.flux.yaml",
        "budget-zero.flux.yaml",
        "key-axis-directly-under-sweep.flux.yaml",
        "key-request-field-at-top-level.flux.yaml",
        "key-typo-budget.flux.yaml",
        "key-typo-defaults.flux.yaml",
        "key-typo-output.flux.yaml",
        "key-typo-seeds.flux.yaml",
        "key-typo-sweep-kind.flux.yaml",
        "key-typo-top-level.flux.yaml",
        "model-max-takes-no-guidance-axis.flux.yaml",
        "model-pro-takes-no-steps.flux.yaml",
        "model-unknown.flux.yaml",
        "multiple-errors-reported-together.flux.yaml",
        "name-invalid.flux.yaml",
        "one-error-axis-not-a-list.flux.yaml",
        "one-error-axis-value-out-of-range.flux.yaml",
        "prompt-empty.flux.yaml",
        "prompt-missing.flux.yaml",
        "range-concurrency.flux.yaml",
        "range-guidance-in-grid.flux.yaml",
        "range-safety-tolerance.flux.yaml",
        "range-steps-too-high.flux.yaml",
        "references-absolute-path.flux.yaml",
        "references-too-many.flux.yaml",
        "score-unknown-key.flux.yaml",
        "score-wrong-type.flux.yaml",
        "seeds-seed-and-seeds.flux.yaml",
        "seeds-values-duplicate-out-of-range.flux.yaml",
        "seeds-values-with-base.flux.yaml",
        "size-axis-bad-literal.flux.yaml",
        "size-height-too-small.flux.yaml",
        "size-width-not-multiple-of-16.flux.yaml",
        "sweep-empty-axis.flux.yaml",
        "sweep-random-without-axes.flux.yaml",
        "sweep-range-zero-step.flux.yaml",
        "sweep-seed-as-axis.flux.yaml",
        "type-axis-scalar.flux.yaml",
        "type-concurrency-text.flux.yaml",
        "type-prompt-list.flux.yaml",
        "type-steps-text.flux.yaml",
        "type-upsampling-yes-no.flux.yaml",
        "type-var-mapping.flux.yaml",
        "value-output-format-webp.flux.yaml",
        "value-provider-typo.flux.yaml",
        "var-reserved-request-field.flux.yaml",
        "yaml-root-is-list.flux.yaml",
    ];

    /// <summary>The rest of the invalid corpus: rules only the validator can check.</summary>
    public static readonly string[] ValidatorOnlyInvalidCorpus =
    [
        "one-error-misspelt-axis-guidence.flux.yaml", // an axis may have any name the templates use
        "output-dir-escapes.flux.yaml",
        "price-missing-for-comet-pro.flux.yaml",
        "references-missing-file.flux.yaml",
        "references-too-many-for-klein.flux.yaml",
        "score-text-renders-empty.flux.yaml",
        "score-text-undefined-name.flux.yaml",
        "seeds-vary-with-typo.flux.yaml",
        "seeds-vary-with-var.flux.yaml",
        "size-axis-too-large.flux.yaml",
        "size-too-many-pixels-combination.flux.yaml",
        "sweep-axis-also-var.flux.yaml",
        "sweep-axis-twice.flux.yaml",
        "sweep-exclude-unknown-axis.flux.yaml",
        "sweep-excludes-remove-everything.flux.yaml",
        "sweep-huge-after-seeds.flux.yaml",
        "sweep-huge-without-budget.flux.yaml",
        "sweep-range-from-above-to.flux.yaml",
        "sweep-size-and-width.flux.yaml",
        "sweep-unused-axis-typo.flux.yaml",
        "sweep-zip-length-mismatch.flux.yaml",
        "template-forbidden-date-alias.flux.yaml",
        "template-forbidden-date-now.flux.yaml",
        "template-forbidden-include.flux.yaml",
        "template-forbidden-math-indexer.flux.yaml",
        "template-include-misses-axis.flux.yaml",
        "template-output-dir-uses-job-value.flux.yaml",
        "template-runaway-for-loop.flux.yaml",
        "template-runaway-recursion.flux.yaml",
        "template-runaway-while.flux.yaml",
        "template-runtime-unknown-function.flux.yaml",
        "template-syntax-error-block.flux.yaml",
        "template-syntax-error-structured.flux.yaml",
        "template-undefined-in-output-file.flux.yaml",
        "template-undefined-variable-block.flux.yaml",
        "template-undefined-variable-inline.flux.yaml",
        "yaml-bad-indentation.flux.yaml",
        "yaml-billion-laughs.flux.yaml",
        "yaml-duplicate-key.flux.yaml",
        "yaml-multiple-documents.flux.yaml",
        "yaml-nested-too-deep.flux.yaml",
        "yaml-unclosed-flow-at-end.flux.yaml",
        "yaml-unclosed-flow.flux.yaml",
        "yaml-unclosed-quote.flux.yaml",
    ];

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
    public void Every_example_points_editors_at_the_schema()
    {
        var examples = Directory.GetFiles(Repository.PathOf("examples"), "*.flux.yaml");
        Assert.NotEmpty(examples);
        foreach (var example in examples)
            Assert.Equal("# yaml-language-server: $schema=../docs/manifest.schema.json", File.ReadLines(example).First());
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

    [Fact]
    public void Every_invalid_corpus_file_is_classified()
    {
        var corpus = Directory.GetFiles(Repository.PathOf("tests", "FluxBatch.Manifest.Tests", "Corpus", "invalid"), "*.flux.yaml")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(corpus, SchemaExpressibleInvalidCorpus.Concat(ValidatorOnlyInvalidCorpus).Order(StringComparer.Ordinal));
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
