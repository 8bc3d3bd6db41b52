using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FluxBatch.Planning.PromptRendering;

/// <summary>
/// The names a template can read, layered: the manifest's <c>vars</c>, then the request fields (defaults
/// overridden by the sweep, <c>width</c>/<c>height</c> set from <c>size</c>), then <c>name</c>, <c>model</c>,
/// and per job <c>seed</c>, <c>index</c> and (output templates only) <c>id</c>. One scope is reused for the
/// whole enumeration: each combination overwrites only its own names, so a job costs no dictionary copy.
/// </summary>
internal sealed class TemplateScope : IReadOnlyDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _base;
    private readonly Dictionary<string, object?> _values;
    private readonly HashSet<string> _overridden = new(StringComparer.Ordinal);

    public TemplateScope(IEnumerable<KeyValuePair<string, object?>> baseValues)
    {
        _base = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in baseValues)
        {
            _base[pair.Key] = pair.Value;
        }

        _values = new Dictionary<string, object?>(_base, StringComparer.Ordinal);
    }

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<object?> Values => _values.Values;

    public object? this[string key] => _values[key];

    /// <summary>Restores the base values of every name set since the last reset.</summary>
    public void Reset()
    {
        foreach (var name in _overridden)
        {
            if (_base.TryGetValue(name, out var value))
            {
                _values[name] = value;
            }
            else
            {
                _values.Remove(name);
            }
        }

        _overridden.Clear();
    }

    public void Set(string name, object? value)
    {
        _values[name] = value;
        _overridden.Add(name);
    }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
