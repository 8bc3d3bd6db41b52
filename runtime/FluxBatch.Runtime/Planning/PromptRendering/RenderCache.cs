using System.Text;

namespace FluxBatch.Planning.PromptRendering;

/// <summary>
/// Renders a template once per distinct tuple of the values it references: a prompt that reads only
/// <c>product</c> renders ten times for a million jobs over ten products. The key is the canonical text of
/// those values, so equal values from different axes or includes share an entry. Bounded: when full it starts
/// over, which costs renders but never correctness.
/// </summary>
internal sealed class RenderCache<TResult>
{
    private readonly IPlanTemplate _template;
    private readonly Func<string, TResult> _finish;
    private readonly string[] _names;
    private readonly int _capacity;
    private readonly Dictionary<string, TResult> _entries = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();

    public RenderCache(IPlanTemplate template, Func<string, TResult> finish, int capacity)
    {
        _template = template;
        _finish = finish;
        _names = template.ReferencedNames.ToArray();
        _capacity = Math.Max(1, capacity);
    }

    /// <summary>Distinct renders so far (for tests and benchmarks).</summary>
    public int Renders { get; private set; }

    public TResult Get(IReadOnlyDictionary<string, object?> scope)
    {
        _key.Clear();
        foreach (var name in _names)
        {
            scope.TryGetValue(name, out var value);
            _key.Append(name).Append('\u001f');
            TemplateText.AppendKey(_key, value);
            _key.Append('\u001e');
        }

        var key = _key.ToString();
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }

        var result = _finish(_template.Render(scope));
        Renders++;
        _entries[key] = result;
        return result;
    }
}
