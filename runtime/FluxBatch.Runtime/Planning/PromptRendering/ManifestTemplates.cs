using FluxBatch.Manifest.Templates;

namespace FluxBatch.Planning.PromptRendering;

/// <summary>The manifest's compiled output/var template seen through the planner's interface.</summary>
internal sealed class ManifestTemplateAdapter(ManifestTemplate template) : IPlanTemplate
{
    public IReadOnlyCollection<string> ReferencedNames => (IReadOnlyCollection<string>)template.ReferencedNames;

    public string Render(IReadOnlyDictionary<string, object?> values) => template.Render(values);
}

/// <summary>The manifest's prompt (text or structured) seen through the planner's interface.</summary>
internal sealed class PromptTemplateAdapter(PromptTemplate prompt) : IPlanTemplate
{
    public IReadOnlyCollection<string> ReferencedNames => (IReadOnlyCollection<string>)prompt.ReferencedNames;

    public string Render(IReadOnlyDictionary<string, object?> values) => prompt.Render(values);
}
