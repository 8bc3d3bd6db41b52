namespace FluxBatch.Planning.PromptRendering;

/// <summary>
/// What the planner needs from a compiled template: the names it reads (to key the render cache and to know
/// whether it varies per seed) and a render over a scope of values.
/// </summary>
internal interface IPlanTemplate
{
    IReadOnlyCollection<string> ReferencedNames { get; }

    string Render(IReadOnlyDictionary<string, object?> values);
}
