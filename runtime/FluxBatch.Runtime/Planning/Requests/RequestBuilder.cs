using System.Globalization;
using FluxBatch.Api;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Planning.References;
using FluxBatch.Planning.Templates;

namespace FluxBatch.Planning.Requests;

/// <summary>
/// A combination's request before its prompt and seed: <paramref name="Request"/> has an empty prompt and no seed.
/// </summary>
/// <param name="EstimateWidth">The output width the estimate uses: the sent width, else the first local
/// reference's (edits follow the input), else 1024.</param>
/// <param name="ScopeFields">The request fields as template values (<c>steps</c>, <c>width</c>, ...).</param>
internal sealed record RequestShape(
    FluxRequest Request,
    int EstimateWidth,
    int EstimateHeight,
    IReadOnlyList<KeyValuePair<string, object?>> ScopeFields);

/// <summary>
/// Builds a combination's request: <c>defaults</c> first, then the combination's values for request fields
/// (a sweep value always wins); <c>size: WxH</c> sets width and height together. Fields whose server default
/// is ambiguous or unreproducible are sent explicitly: <c>steps</c> and <c>guidance</c> on flex,
/// <c>output_format</c>, and prompt upsampling (as <c>prompt_upsampling</c> on flex, as <c>disable_pup</c> on
/// pro/max). Width and height left out stay "auto" on the wire.
/// </summary>
internal sealed class RequestBuilder(string model, IReadOnlyList<MapEntry> defaults, ReferenceInfo? firstReference)
{
    public RequestShape Build(IEnumerable<KeyValuePair<string, ManifestValue>> combination)
    {
        var fields = new Dictionary<string, ManifestValue>(StringComparer.Ordinal);
        foreach (var entry in defaults)
        {
            Apply(fields, entry.Key, entry.Value);
        }

        foreach (var pair in combination)
        {
            if (RequestFields.IsRequestField(pair.Key))
            {
                Apply(fields, pair.Key, pair.Value);
            }
        }

        var flex = RequestFields.TakesStepsAndGuidance(model);
        var upsampling = Bool(fields, RequestFields.PromptUpsampling) ?? RequestFields.DefaultPromptUpsampling;
        var width = Int(fields, RequestFields.Width);
        var height = Int(fields, RequestFields.Height);
        var request = new FluxRequest
        {
            Prompt = string.Empty,
            Width = width,
            Height = height,
            Steps = flex ? Int(fields, RequestFields.Steps) ?? RequestFields.DefaultSteps : null,
            Guidance = flex ? Number(fields, RequestFields.Guidance) ?? RequestFields.DefaultGuidance : null,
            SafetyTolerance = Int(fields, RequestFields.SafetyTolerance),
            OutputFormat = Text(fields, RequestFields.OutputFormat) ?? RequestFields.DefaultOutputFormat,
            PromptUpsampling = RequestFields.UsesDisablePup(model) ? null : upsampling,
            DisablePup = RequestFields.UsesDisablePup(model) ? !upsampling : null,
        };

        var scope = new List<KeyValuePair<string, object?>>();
        foreach (var pair in fields)
        {
            scope.Add(new(pair.Key, TemplateValues.ToObject(pair.Value)));
        }

        AddIfMissing(scope, RequestFields.OutputFormat, request.OutputFormat);
        if (flex)
        {
            AddIfMissing(scope, RequestFields.Steps, (long)request.Steps!.Value);
            AddIfMissing(scope, RequestFields.Guidance, request.Guidance!.Value);
        }

        return new RequestShape(
            request,
            width ?? firstReference?.Width ?? RequestFields.AutoSize,
            height ?? firstReference?.Height ?? RequestFields.AutoSize,
            scope);
    }

    private static void Apply(Dictionary<string, ManifestValue> fields, string name, ManifestValue value)
    {
        if (name == RequestFields.Size && value is StringValue size && TryParseSize(size.Value, out var w, out var h))
        {
            fields[RequestFields.Size] = value;
            fields[RequestFields.Width] = new IntegerValue(w, value.Position);
            fields[RequestFields.Height] = new IntegerValue(h, value.Position);
            return;
        }

        fields[name] = value;
    }

    /// <summary>Parses <c>1024x1536</c> (also with <c>X</c> or <c>×</c>).</summary>
    public static bool TryParseSize(string text, out int width, out int height)
    {
        var parts = text.Split('x', 'X', '×');
        width = height = 0;
        return parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out height);
    }

    private static void AddIfMissing(List<KeyValuePair<string, object?>> scope, string name, object? value)
    {
        if (!scope.Any(p => p.Key == name))
        {
            scope.Add(new(name, value));
        }
    }

    private static int? Int(Dictionary<string, ManifestValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && ManifestValueEquality.TryGetNumber(value, out var number)
            ? (int)number
            : null;

    private static decimal? Number(Dictionary<string, ManifestValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && ManifestValueEquality.TryGetNumber(value, out var number)
            ? number
            : null;

    private static bool? Bool(Dictionary<string, ManifestValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is BoolValue b ? b.Value : null;

    private static string? Text(Dictionary<string, ManifestValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is StringValue s ? s.Value : null;
}
