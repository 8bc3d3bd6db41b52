using FluxBatch.Manifest.Rules;
using Fields = FluxBatch.Manifest.Rules.RequestFields;

namespace FluxBatch.Planning.Requests;

/// <summary>
/// What the planner sends when a manifest leaves a field out, and the field names it builds requests from
/// (the list of fields and their ranges is the manifest's <see cref="Fields"/>).
/// </summary>
internal static class RequestDefaults
{
    public const string Width = "width";
    public const string Height = "height";
    public const string Size = Fields.Size;
    public const string Steps = "steps";
    public const string Guidance = "guidance";
    public const string SafetyTolerance = "safety_tolerance";
    public const string OutputFormat = "output_format";
    public const string PromptUpsampling = "prompt_upsampling";

    /// <summary>Sent when the manifest leaves them out, so the plan shows exactly what the server gets.</summary>
    public const int DefaultSteps = 50;

    /// <summary>The API schema's default (its prose says 4.5): sent explicitly because the sources disagree.</summary>
    public const decimal DefaultGuidance = 5m;

    public const string DefaultOutputFormat = Fields.DefaultOutputFormat;

    /// <summary>Text-to-image size when width/height are left to the server ("auto").</summary>
    public const int AutoSize = 1024;

    /// <summary>Names that change the price (they decide the output size).</summary>
    public static IReadOnlyCollection<string> SizeNames { get; } = [Width, Height, Size];

    public static bool IsRequestField(string name) => name == Size || Fields.Find(name) is not null;

    /// <summary>Prompt upsampling when the manifest does not say: the model's own default, sent explicitly.</summary>
    public static bool UpsamplingByDefault(string model) => ModelCatalog.UpsamplesByDefault(model);

    /// <summary>
    /// pro and max jobs were once sent upsampling as its inverse, <c>disable_pup</c>; their job ids still spell it that
    /// way (see JobIdentity), so runs planned before keep their ids and are not paid again.
    /// </summary>
    public static bool IdentityUsesDisablePup(string model) =>
        model.StartsWith("flux-2-pro", StringComparison.Ordinal) || model.StartsWith("flux-2-max", StringComparison.Ordinal);
}
