using System;
using System.Collections.Generic;

namespace FluxBatch.Manifest.Rules;

/// <summary>The hosted FLUX.2 models (flux-api.md) and which of them take <c>steps</c>/<c>guidance</c>.</summary>
public static class ModelCatalog
{
    public const string Flex = "flux-2-flex";

    /// <summary>Every model id the API hosts, in documentation order.</summary>
    public static IReadOnlyList<string> Models { get; } = new[]
    {
        Flex, "flux-2-pro", "flux-2-max", "flux-2-pro-preview", "flux-2-klein-4b", "flux-2-klein-9b",
    };

    public static bool IsKnown(string model) => Array.IndexOf((string[])Models, model) >= 0;

    /// <summary>Only flux-2-flex takes <c>steps</c> and <c>guidance</c> (flux-api.md: "1–50 (flex only)").</summary>
    public static bool TakesStepsAndGuidance(string model) => model == Flex;

    /// <summary>
    /// Most reference images a model takes: 4 for the klein models, 8 (the API's input_image .. input_image_8) for the
    /// others (black-forest-labs/skills, <c>skills/bfl-api/SKILL.md</c>, "Multi-Reference I2I").
    /// </summary>
    public static int MaxReferences(string model) =>
        model.StartsWith("flux-2-klein", StringComparison.Ordinal) ? ApiLimits.KleinMaxReferences : ApiLimits.MaxReferences;

    /// <summary>flux-2-flex upsamples prompts unless told not to (flux-api.md: default <b>true</b> for flex).</summary>
    public static bool UpsamplesByDefault(string model) => model == Flex;
}
