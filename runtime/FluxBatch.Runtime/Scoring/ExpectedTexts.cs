using System.Text.Json;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Scoring;
using FluxBatch.Manifest.Templates;
using FluxBatch.Planning;
using FluxBatch.Planning.PromptRendering;

namespace FluxBatch.Scoring;

/// <summary>
/// The strings each job's image should show (the rule is <see cref="ExpectedText"/>): <c>score.text</c> rendered
/// with the job's values when the manifest has one, else the quoted strings of the job's rendered prompt (a
/// structured prompt is read leaf by leaf).
/// </summary>
internal sealed class ExpectedTexts
{
    private readonly ManifestSpec? _manifest;
    private readonly IPlanTemplate? _template;

    /// <param name="manifest">The run's manifest, or null when only the sidecars are known (then prompts are read).</param>
    public ExpectedTexts(ManifestSpec? manifest)
    {
        _manifest = manifest;
        _template = manifest?.Score?.Text is { } text ? PlanTemplates.Compile(text.Value) : null;
    }

    /// <summary>The expected strings of <paramref name="job"/>, or of a job known only by its sidecar's prompt.</summary>
    public IReadOnlyList<string> For(PlannedJob? job, string? sidecarPrompt)
    {
        if (_template is not null && _manifest is not null && job is not null)
            return ExpectedText.FromScoreTemplate(_template.Render(Scope(_manifest, job)));
        var prompt = job?.Request.Prompt ?? sidecarPrompt;
        if (prompt is null)
            return [];
        var structured = _manifest is not null ? _manifest.Prompt is MapValue : prompt.TrimStart().StartsWith('{');
        return structured ? QuotedInJsonLeaves(prompt) : ExpectedText.Quoted(prompt);
    }

    /// <summary>The names a prompt template sees for this job (vars, request fields, sweep values, seed, index, id).</summary>
    private static Dictionary<string, object?> Scope(ManifestSpec manifest, PlannedJob job)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in JobStream.BaseScope(manifest))
            scope[pair.Key] = pair.Value;
        foreach (var field in manifest.Defaults)
            scope[field.Key] = TemplateValues.From(field.Value);
        foreach (var pair in job.Parameters)
            scope[pair.Key] = pair.Value;
        var request = job.Request;
        if (request.Width is { } width)
            scope["width"] = (long)width;
        if (request.Height is { } height)
            scope["height"] = (long)height;
        if (request.Steps is { } steps)
            scope.TryAdd("steps", (long)steps);
        if (request.Guidance is { } guidance)
            scope.TryAdd("guidance", guidance);
        scope.TryAdd("output_format", request.OutputFormat);
        scope["seed"] = request.Seed;
        scope["index"] = job.Index;
        scope["id"] = job.Id;
        return scope;
    }

    private static IReadOnlyList<string> QuotedInJsonLeaves(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var found = new List<string>();
            Walk(document.RootElement, found);
            return found;
        }
        catch (JsonException)
        {
            return ExpectedText.Quoted(json);
        }
    }

    private static void Walk(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                found.AddRange(ExpectedText.Quoted(element.GetString()!).Where(s => !found.Contains(s)));
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Walk(item, found);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, found);
                break;
        }
    }
}
