using FluxBatch.Manifest.Model;

namespace FluxBatch.Planning.Templates;

/// <summary>Compiles the manifest's templates for the planner, taking the fast path where it applies.</summary>
internal static class PlanTemplates
{
    public static IPlanTemplate Compile(string text) =>
        (IPlanTemplate?)InterpolationTemplate.TryCreate(text) ?? new ScribanPlanTemplate(text);

    public static IPlanTemplate CompilePrompt(ManifestValue prompt) => prompt switch
    {
        StringValue s => Compile(s.Value),
        MapValue m => new StructuredPromptTemplate(m, Compile),
        _ => throw new ArgumentException("A prompt is a string or a mapping.", nameof(prompt)),
    };
}
