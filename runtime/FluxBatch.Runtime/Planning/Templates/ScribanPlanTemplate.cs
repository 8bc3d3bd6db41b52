using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace FluxBatch.Planning.Templates;

/// <summary>
/// A Scriban template in strict mode (an unknown name is an error), with loop and recursion limits and no
/// template loader, so a template can neither read files nor hang the planner.
/// TEMPORARY: replaced by FluxBatch.Manifest.Templates once the manifest branch lands on main.
/// </summary>
internal sealed class ScribanPlanTemplate : IPlanTemplate
{
    private readonly Template _template;

    public ScribanPlanTemplate(string text)
    {
        _template = Template.Parse(text);
        if (_template.HasErrors)
        {
            throw new InvalidOperationException(string.Join("; ", _template.Messages.Select(m => m.Message)));
        }

        var collector = new NameCollector();
        collector.Visit(_template.Page);
        ReferencedNames = collector.Names.ToArray();
    }

    public IReadOnlyCollection<string> ReferencedNames { get; }

    public string Render(IReadOnlyDictionary<string, object?> values)
    {
        var globals = new ScriptObject();
        foreach (var name in ReferencedNames)
        {
            if (values.TryGetValue(name, out var value))
            {
                globals[name] = value;
            }
        }

        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = 1000,
            RecursiveLimit = 20,
            LimitToString = 100_000,
        };
        context.PushGlobal(globals);
        return _template.Render(context);
    }

    private sealed class NameCollector : ScriptVisitor
    {
        public SortedSet<string> Names { get; } = new(StringComparer.Ordinal);

        public override void Visit(ScriptVariableGlobal node)
        {
            Names.Add(node.Name);
            base.Visit(node);
        }
    }
}
