using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Globalization;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Manifest.Templates;
using FluxBatch.Planning.Identity;
using FluxBatch.Planning.OutputPaths;
using FluxBatch.Planning.References;
using FluxBatch.Planning.Requests;
using FluxBatch.Planning.Seeds;
using FluxBatch.Planning.PromptRendering;

namespace FluxBatch.Planning;

/// <summary>
/// Produces a plan's jobs: for each combination, its request shape, price, seed digest, parameters and (unless
/// the prompt reads <c>seed</c> or <c>index</c>) its prompt, all once; then per seed the seed, the id and the
/// output file. Every enumeration gets its own caches and buffers, so two enumerations never interfere.
/// </summary>
internal sealed class JobStream(
    ManifestSpec manifest,
    SweepExpansion sweep,
    IReadOnlyList<ReferenceInfo> references,
    RequestBuilder requests,
    PlannerOptions options) : IEnumerable<PlannedJob>
{
    /// <summary>Names that differ between the seeds of one combination.</summary>
    private static readonly string[] PerJobNames = ["seed", "index", "id"];

    private readonly IPlanTemplate _prompt = PlanTemplates.CompilePrompt(manifest.Prompt);
    private readonly IPlanTemplate _outputFile = PlanTemplates.Compile(manifest.Output.File);

    /// <summary>The names the prompt template reads.</summary>
    public IReadOnlyCollection<string> PromptNames => _prompt.ReferencedNames;

    public IEnumerator<PlannedJob> GetEnumerator()
    {
        var scope = new TemplateScope(BaseScope(manifest));
        var prompts = new RenderCache<RenderedPrompt>(_prompt, RenderedPrompt.Of, options.RenderCacheCapacity);
        var promptPerJob = _prompt.ReferencedNames.Any(n => PerJobNames.Contains(n));
        var referenced = _prompt.ReferencedNames.Concat(_outputFile.ReferencedNames).ToHashSet(StringComparer.Ordinal);
        var scopeSeed = referenced.Contains("seed");
        var scopeIndex = referenced.Contains("index");
        var scopeId = _outputFile.ReferencedNames.Contains("id");
        var seeds = new SeedDerivation(manifest.Seeds);
        var identity = new JobIdentity();
        var inputMegapixels = references.Sum(r => r.Megapixels);
        var referenceFiles = references.Select(r => r.Location).ToArray();
        var vars = manifest.Vars.Select(v => new KeyValuePair<string, object>(v.Name, TemplateValues.From(v.Value)!)).ToArray();
        long index = 0;

        foreach (var combination in sweep.Enumerate())
        {
            scope.Reset();
            var shape = requests.Build(combination);
            foreach (var field in shape.ScopeFields)
            {
                scope.Set(field.Key, field.Value);
            }

            foreach (var pair in combination)
            {
                scope.Set(pair.Key, TemplateValues.From(pair.Value));
            }

            var price = manifest.Prices.EstimateUsd(manifest.Model, shape.EstimateWidth, shape.EstimateHeight, inputMegapixels);
            var digest = seeds.CombinationDigest(combination);
            var parameters = Parameters(vars, combination);
            identity.BeginCombination(manifest.Model, shape.Request, references);
            var prompt = promptPerJob ? null : RenderPrompt(prompts, scope, index, combination);
            var outputFile = BindPerCombination(_outputFile, scope, index, combination);

            for (var ordinal = 1; ordinal <= seeds.SeedsPerCombination; ordinal++)
            {
                var seed = seeds.Seed(digest, ordinal);
                // Only names a template reads are boxed into the scope: this loop runs a million times.
                if (scopeSeed)
                {
                    scope.Set("seed", seed);
                }

                if (scopeIndex)
                {
                    scope.Set("index", index);
                }

                var jobPrompt = prompt ?? RenderPrompt(prompts, scope, index, combination);
                var id = identity.Id(jobPrompt.Digest, seed);
                if (scopeId)
                {
                    scope.Set("id", id);
                }

                var file = OutputPath.Sanitize(
                    Render(outputFile, scope, manifest.Output.FilePosition, "`output.file`", index, combination),
                    fallback: id + "." + shape.Request.OutputFormat);

                yield return new PlannedJob(
                    index,
                    id,
                    manifest.Model,
                    shape.Request with { Prompt = jobPrompt.Text, Seed = seed },
                    parameters,
                    price,
                    file,
                    referenceFiles) { SeedOrdinal = ordinal };
                index++;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What every template can read before any sweep value: <c>name</c>, <c>model</c> and the vars.</summary>
    internal static IEnumerable<KeyValuePair<string, object?>> BaseScope(ManifestSpec manifest)
    {
        yield return new("name", manifest.Name);
        yield return new("model", manifest.Model);
        foreach (var variable in manifest.Vars)
        {
            yield return new(variable.Name, TemplateValues.From(variable.Value));
        }
    }

    internal static string Render(
        IPlanTemplate template, IReadOnlyDictionary<string, object?> scope, SourcePosition position, string what, long index, SweepCombination? combination)
    {
        try
        {
            return template.Render(scope);
        }
        catch (Exception e) when (e is TemplateRenderException or KeyNotFoundException)
        {
            throw Failure(position, what, index, combination, e);
        }
    }

    // A fast template gets its per-combination names filled in once, leaving only seed/index/id per job.
    private IPlanTemplate BindPerCombination(IPlanTemplate template, IReadOnlyDictionary<string, object?> scope, long index, SweepCombination combination)
    {
        if (template is not InterpolationTemplate fast)
        {
            return template;
        }

        try
        {
            return fast.Bind(scope, PerJobNames);
        }
        catch (KeyNotFoundException e)
        {
            throw Failure(manifest.Output.FilePosition, "`output.file`", index, combination, e);
        }
    }

    private RenderedPrompt RenderPrompt(RenderCache<RenderedPrompt> prompts, IReadOnlyDictionary<string, object?> scope, long index, SweepCombination combination)
    {
        try
        {
            return prompts.Get(scope);
        }
        catch (Exception e) when (e is TemplateRenderException or KeyNotFoundException)
        {
            throw Failure(manifest.Prompt.Position, "`prompt`", index, combination, e);
        }
    }

    // Validation renders every template with the first job's values; a later job's values can still fail
    // (an include without a name, a division by a swept zero). Say which job and which values.
    private static PlanningException Failure(SourcePosition position, string what, long index, SweepCombination? combination, Exception e) =>
        new(DiagnosticDescriptors.TemplateFailsForJob.Create(
            position,
            what,
            index.ToString(CultureInfo.InvariantCulture),
            combination is null || combination.Count == 0 ? "no sweep values" : combination.ToString(),
            e is KeyNotFoundException ? e.Message.Trim('\'') : e.Message));

    private static KeyValuePair<string, object>[] Parameters(KeyValuePair<string, object>[] vars, SweepCombination combination)
    {
        var result = new List<KeyValuePair<string, object>>(vars.Length + combination.Count);
        foreach (var variable in vars)
        {
            if (!combination.TryGetValue(variable.Key, out _))
            {
                result.Add(variable);
            }
        }

        foreach (var pair in combination)
        {
            result.Add(new(pair.Key, TemplateValues.From(pair.Value)!));
        }

        return result.ToArray();
    }

    /// <summary>A rendered prompt and its SHA-256, which the job id hashes in its place.</summary>
    private sealed record RenderedPrompt(string Text, byte[] Digest)
    {
        public static RenderedPrompt Of(string text) => new(text, SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
