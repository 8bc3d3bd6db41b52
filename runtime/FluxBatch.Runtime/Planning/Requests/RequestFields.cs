namespace FluxBatch.Planning.Requests;

/// <summary>The request fields a manifest may set (API names), and which models take which.</summary>
public static class RequestFields
{
    public const string Width = "width";
    public const string Height = "height";
    public const string Size = "size";
    public const string Steps = "steps";
    public const string Guidance = "guidance";
    public const string SafetyTolerance = "safety_tolerance";
    public const string OutputFormat = "output_format";
    public const string PromptUpsampling = "prompt_upsampling";

    /// <summary>Sent when the manifest leaves them out, so the plan shows exactly what the server gets.</summary>
    public const int DefaultSteps = 50;

    /// <summary>The API schema's default (its prose says 4.5): sent explicitly because the sources disagree.</summary>
    public const decimal DefaultGuidance = 5m;

    public const string DefaultOutputFormat = "jpeg";

    /// <summary>The API's default for prompt upsampling is on; it is sent explicitly either way.</summary>
    public const bool DefaultPromptUpsampling = true;

    /// <summary>Text-to-image size when width/height are left to the server ("auto").</summary>
    public const int AutoSize = 1024;

    private static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        Width, Height, Size, Steps, Guidance, SafetyTolerance, OutputFormat, PromptUpsampling,
    };

    /// <summary>Names that change the price (they decide the output size).</summary>
    public static IReadOnlyCollection<string> SizeNames { get; } = [Width, Height, Size];

    public static bool IsRequestField(string name) => All.Contains(name);

    /// <summary>Only flex takes <c>steps</c> and <c>guidance</c>.</summary>
    public static bool TakesStepsAndGuidance(string model) => model == "flux-2-flex";

    /// <summary>pro and max express prompt upsampling as its inverse, <c>disable_pup</c>.</summary>
    public static bool UsesDisablePup(string model) =>
        model.StartsWith("flux-2-pro", StringComparison.Ordinal) || model.StartsWith("flux-2-max", StringComparison.Ordinal);
}
