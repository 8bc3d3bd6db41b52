using FluxBatch.Api;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Planning.References;
using FluxBatch.Manifest.Rules;
using FluxBatch.Manifest.Templates;

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
/// <c>output_format</c>, and <c>prompt_upsampling</c> on every model (off unless asked, except flex, whose documented
/// default is on). Nothing a model's schema does not document is sent: no <c>disable_pup</c> (in none of BFL's schemas
/// we found; the server ignores unknown fields, so sending it would only hide a mistake). Width and height left out
/// stay "auto" on the wire.
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
            if (RequestDefaults.IsRequestField(pair.Key))
            {
                Apply(fields, pair.Key, pair.Value);
            }
        }

        var flex = ModelCatalog.TakesStepsAndGuidance(model);
        var upsampling = Bool(fields, RequestDefaults.PromptUpsampling) ?? RequestDefaults.UpsamplingByDefault(model);
        var width = Int(fields, RequestDefaults.Width);
        var height = Int(fields, RequestDefaults.Height);
        var request = new FluxRequest
        {
            Prompt = string.Empty,
            Width = width,
            Height = height,
            Steps = flex ? Int(fields, RequestDefaults.Steps) ?? RequestDefaults.DefaultSteps : null,
            Guidance = flex ? Number(fields, RequestDefaults.Guidance) ?? RequestDefaults.DefaultGuidance : null,
            SafetyTolerance = Int(fields, RequestDefaults.SafetyTolerance),
            OutputFormat = Text(fields, RequestDefaults.OutputFormat) ?? RequestDefaults.DefaultOutputFormat,
            PromptUpsampling = upsampling,
        };

        var scope = new List<KeyValuePair<string, object?>>();
        foreach (var pair in fields)
        {
            scope.Add(new(pair.Key, TemplateValues.From(pair.Value)));
        }

        AddIfMissing(scope, RequestDefaults.OutputFormat, request.OutputFormat);
        if (flex)
        {
            AddIfMissing(scope, RequestDefaults.Steps, (long)request.Steps!.Value);
            AddIfMissing(scope, RequestDefaults.Guidance, request.Guidance!.Value);
        }

        return new RequestShape(
            request,
            width ?? firstReference?.Width ?? RequestDefaults.AutoSize,
            height ?? firstReference?.Height ?? RequestDefaults.AutoSize,
            scope);
    }

    private static void Apply(Dictionary<string, ManifestValue> fields, string name, ManifestValue value)
    {
        if (name == RequestDefaults.Size && value is StringValue text && ImageSize.TryParse(text.Value, out var size))
        {
            fields[RequestDefaults.Size] = value;
            fields[RequestDefaults.Width] = new IntegerValue(size.Width, value.Position);
            fields[RequestDefaults.Height] = new IntegerValue(size.Height, value.Position);
            return;
        }

        fields[name] = value;
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
