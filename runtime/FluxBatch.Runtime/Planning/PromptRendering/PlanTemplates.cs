using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Templates;

namespace FluxBatch.Planning.PromptRendering;

/// <summary>Compiles the manifest's templates for the planner, taking the fast path where it applies.</summary>
internal static class PlanTemplates
{
    public static IPlanTemplate Compile(string text) =>
        (IPlanTemplate?)InterpolationTemplate.TryCreate(text) ?? new ManifestTemplateAdapter(ManifestTemplate.Parse(text));

    /// <summary>A plain-text prompt made only of names takes the fast path too; structured prompts never do.</summary>
    public static IPlanTemplate CompilePrompt(ManifestValue prompt) =>
        prompt is StringValue text
            ? Compile(text.Value)
            : new PromptTemplateAdapter(PromptTemplate.Compile(prompt));
}
