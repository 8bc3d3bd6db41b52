using System;
using System.Collections;
using System.Collections.Generic;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Sweeps;

/// <summary>Where a combination came from; also the order in which the kinds are enumerated.</summary>
public enum SweepSource
{
    /// <summary>The cartesian product of grid axes and zip groups (after excludes).</summary>
    Product,
    /// <summary>An entry of <c>include</c>.</summary>
    Include,
    /// <summary>A sample of <c>random</c>.</summary>
    Random,
}

/// <summary>
/// One combination of sweep values: names (shared between combinations of the same kind, so a huge sweep
/// allocates one small value array per combination) and their values, in sweep order.
/// </summary>
public sealed class SweepCombination : IReadOnlyList<KeyValuePair<string, ManifestValue>>
{
    private readonly IReadOnlyList<string> _names;
    private readonly ManifestValue[] _values;

    public SweepCombination(IReadOnlyList<string> names, ManifestValue[] values, SweepSource source)
    {
        if (names.Count != values.Length)
        {
            throw new ArgumentException("Every name needs exactly one value.", nameof(values));
        }

        _names = names;
        _values = values;
        Source = source;
    }

    public SweepSource Source { get; }

    /// <summary>The names set by this combination, in sweep order.</summary>
    public IReadOnlyList<string> Names => _names;

    public int Count => _values.Length;

    public KeyValuePair<string, ManifestValue> this[int index] =>
        new KeyValuePair<string, ManifestValue>(_names[index], _values[index]);

    /// <summary>The value at position <paramref name="index"/> (same order as <see cref="Names"/>).</summary>
    public ManifestValue ValueAt(int index) => _values[index];

    public bool TryGetValue(string name, out ManifestValue value)
    {
        for (var i = 0; i < _names.Count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>True when both set the same names to equal values (order of names does not matter).</summary>
    public bool SameAs(SweepCombination other)
    {
        if (other.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!other.TryGetValue(_names[i], out var value)
                || !ManifestValueEquality.Instance.Equals(value, _values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public IEnumerator<KeyValuePair<string, ManifestValue>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var parts = new string[_values.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = _names[i] + "=" + SweepValueText.Format(_values[i]);
        }

        return string.Join(", ", parts);
    }
}
