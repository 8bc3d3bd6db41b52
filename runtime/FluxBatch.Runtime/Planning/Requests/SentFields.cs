using FluxBatch.Api;

namespace FluxBatch.Planning.Requests;

/// <summary>
/// A request's tuning fields that are set, under their API names and in the one order every view shows them (the
/// plan snapshot, the contact sheet): width, height, steps, guidance, safety_tolerance, output_format,
/// prompt_upsampling. The prompt, seed, model and references have places of their own in each view.
/// </summary>
internal static class SentFields
{
    public static IEnumerable<(string Name, object Value)> Of(FluxRequest request)
    {
        if (request.Width is { } width) yield return ("width", width);
        if (request.Height is { } height) yield return ("height", height);
        if (request.Steps is { } steps) yield return ("steps", steps);
        if (request.Guidance is { } guidance) yield return ("guidance", guidance);
        if (request.SafetyTolerance is { } tolerance) yield return ("safety_tolerance", tolerance);
        if (request.OutputFormat is { } format) yield return ("output_format", format);
        if (request.PromptUpsampling is { } upsampling) yield return ("prompt_upsampling", upsampling);
    }
}
