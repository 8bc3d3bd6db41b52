using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Rules;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>Where an axis was declared.</summary>
internal enum AxisKind
{
    Grid,
    Zip,
    Random,
}

/// <summary>An axis as declared, for the rules that look across sections (vars, sizes, templates, models).</summary>
internal sealed record AxisDeclaration(string Name, SourcePosition Position, AxisKind Kind, int Group, IReadOnlyList<ManifestValue> Values, NumericRange? Range);

internal sealed record SweepReadResult(SweepSpec Spec, IReadOnlyList<AxisDeclaration> Axes);

/// <summary>Reads <c>sweep:</c> (grid, zip, include, exclude, random) into a <see cref="SweepSpec"/> with ranges expanded exactly.</summary>
internal sealed class SweepReader
{
    internal static readonly string[] Keys = { "grid", "zip", "include", "exclude", "random" };
    internal static readonly string[] RandomKeys = { "n", "seed" };
    internal static readonly string[] RangeKeys = { "from", "to", "step" };

    /// <summary>Most samples one <c>random</c> block may draw.</summary>
    internal const int MaxRandomSamples = 100_000;

    private readonly Expect _expect;
    private readonly FieldValueReader _values;
    private readonly List<AxisDeclaration> _axes = new();

    public SweepReader(Expect expect)
    {
        _expect = expect;
        _values = new FieldValueReader(expect);
    }

    public static SweepSpec Empty { get; } = new(
        new SweepAxis[0], new ZipGroup[0], new Combination[0], new Combination[0], null);

    public SweepReadResult Read(ManifestValue? value)
    {
        if (value is null || _expect.Mapping(value, "sweep", "a mapping with grid, zip, include, exclude or random") is not { } map)
        {
            return new SweepReadResult(Empty, _axes);
        }

        foreach (var entry in map.Entries.Where(e => !Keys.Contains(e.Key)))
        {
            var hint = NameSuggestions.Closest(entry.Key, Keys) is { } close
                ? $"did you mean `{close}`?"
                : "axes go under `grid:` (or `zip:` or `random:`); expected one of: " + string.Join(", ", Keys.Select(k => "`" + k + "`"));
            _expect.Report(DiagnosticDescriptors.UnknownKey, entry.KeyPosition, entry.Key, "sweep", hint);
        }

        var grid = ReadGrid(Expect.Get(map, "grid"));
        var zip = ReadZip(Expect.Get(map, "zip"));
        var random = ReadRandom(Expect.Get(map, "random"));
        var include = ReadCombinations(Expect.Get(map, "include"), "include");
        var exclude = ReadCombinations(Expect.Get(map, "exclude"), "exclude");
        ReportDuplicateAxes();
        return new SweepReadResult(new SweepSpec(grid, zip, include, exclude, random), _axes);
    }

    private IReadOnlyList<SweepAxis> ReadGrid(ManifestValue? value)
    {
        if (value is null || _expect.Mapping(value, "sweep.grid", "a mapping of axis names to values") is not { } map)
        {
            return new SweepAxis[0];
        }

        return map.Entries.Select(e => ReadAxis(e, AxisKind.Grid, 0)).Where(a => a is not null).Select(a => a!).ToArray();
    }

    private IReadOnlyList<ZipGroup> ReadZip(ManifestValue? value)
    {
        if (value is null)
        {
            return new ZipGroup[0];
        }

        var groups = value is ListValue list ? list.Items : new[] { value };
        var result = new List<ZipGroup>();
        for (var g = 0; g < groups.Count; g++)
        {
            if (_expect.Mapping(groups[g], "sweep.zip", "a mapping of axis names to equally long lists (or a list of such mappings)") is not { } map)
            {
                continue;
            }

            var axes = map.Entries.Select(e => ReadAxis(e, AxisKind.Zip, g)).Where(a => a is not null).Select(a => a!).ToArray();
            for (var i = 1; i < axes.Length; i++)
            {
                if (axes[i].Values.Count != axes[0].Values.Count)
                {
                    _expect.Report(DiagnosticDescriptors.ZipLengthMismatch, axes[i].Position,
                        axes[i].Name, axes[i].Values.Count, axes[0].Name, axes[0].Values.Count);
                }
            }

            if (axes.Length > 0)
            {
                result.Add(new ZipGroup(axes, map.Position));
            }
        }

        return result;
    }

    /// <summary>A grid or zip axis: a list of values or a <c>{from, to, step}</c> range.</summary>
    private SweepAxis? ReadAxis(MapEntry entry, AxisKind kind, int group)
    {
        if (!CheckAxisName(entry))
        {
            return null;
        }

        if (entry.Value is ListValue { Items.Count: 0 })
        {
            _expect.Report(DiagnosticDescriptors.EmptyAxis, entry.Value.Position, entry.Key);
            return null;
        }

        IReadOnlyList<ManifestValue>? values = entry.Value switch
        {
            ListValue list => AllOrNull(list.Items.Select(v => _values.Read(entry.Key, v)).ToArray()),
            MapValue range => ExpandRange(entry.Key, range),
            _ => null,
        };
        if (values is null)
        {
            if (entry.Value is not MapValue and not ListValue)
            {
                _expect.WrongType(entry.Key, "a list of values or a range `{from, to, step}`", entry.Value);
            }

            return null;
        }


        _axes.Add(new AxisDeclaration(entry.Key, entry.KeyPosition, kind, group, values, null));
        return new SweepAxis(entry.Key, values, entry.KeyPosition);
    }

    private IReadOnlyList<ManifestValue>? ExpandRange(string name, MapValue map)
    {
        var range = ReadRange(name, map, stepRequired: true);
        if (range is null)
        {
            return null;
        }

        var count = ExactRange.Count(range.From, range.To, range.Step!.Value);
        if (count > ExactRange.MaxValues)
        {
            _expect.Report(DiagnosticDescriptors.InvalidRange, map.Position, name,
                $"it expands to {ValueText.Count(count)} values, more than {ValueText.Count(ExactRange.MaxValues)}");
            return null;
        }

        var values = ExactRange.Expand(range.From, range.To, range.Step.Value)
            .Select(v => range.IntegerValued ? (ManifestValue)new IntegerValue((long)v, map.Position) : new NumberValue(v, map.Position))
            .Select(v => _values.Read(name, v))
            .ToArray();
        return AllOrNull(values);
    }

    /// <summary>
    /// <c>{from, to, step}</c>: from &lt;= to, step &gt; 0. Integer fields (and ranges written in integers) are
    /// integer-valued; image sides need a step that keeps them multiples of 16.
    /// </summary>
    private NumericRange? ReadRange(string name, MapValue map, bool stepRequired)
    {
        _expect.OnlyKeys(map, $"the range of `{name}`", RangeKeys);
        var field = RequestFields.Find(name);
        if (name == RequestFields.Size || field is { Kind: FieldKind.Boolean or FieldKind.Choice })
        {
            _expect.WrongType(name, "a list of values (it is not numeric)", map);
            return null;
        }

        var fromValue = Expect.Get(map, "from");
        var toValue = Expect.Get(map, "to");
        var stepValue = Expect.Get(map, "step");
        foreach (var (key, v) in new[] { ("from", fromValue), ("to", toValue) })
        {
            if (v is null)
            {
                _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, key, $"the range of `{name}`");
            }
        }

        if (stepRequired && stepValue is null)
        {
            _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, "step", $"the range of `{name}` (grid and zip ranges need a step)");
        }

        var from = fromValue is null ? null : _expect.Number(fromValue, $"{name}.from");
        var to = toValue is null ? null : _expect.Number(toValue, $"{name}.to");
        var step = stepValue is null ? null : _expect.Number(stepValue, $"{name}.step");
        if (from is null || to is null || (stepValue is not null && step is null) || (stepRequired && step is null))
        {
            return null;
        }

        var integerValued = field?.IsIntegerValued
            ?? (fromValue is IntegerValue && toValue is IntegerValue && (stepValue is null || stepValue is IntegerValue));
        var problem =
            step is <= 0 ? $"step must be greater than 0, but is {ValueText.Number(step.Value)}"
            : from > to ? $"from ({ValueText.Number(from.Value)}) must not be greater than to ({ValueText.Number(to.Value)})"
            : field is { IsIntegerValued: true } && (from % 1 != 0 || to % 1 != 0 || (step ?? 0) % 1 != 0) ? $"`{name}` takes integers, so from, to and step must be integers"
            : field is { Kind: FieldKind.Dimension } && (step is null || step % 16 != 0 || from % 16 != 0) ? $"`{name}` must stay a multiple of 16, so from and step must be multiples of 16"
            : null;
        if (problem is not null)
        {
            _expect.Report(DiagnosticDescriptors.InvalidRange, map.Position, name, problem);
            return null;
        }

        if (field is not null && (!_values.InRange(field, from.Value, fromValue!) | !_values.InRange(field, to.Value, toValue!)))
        {
            return null;
        }

        return new NumericRange(from.Value, to.Value, step, integerValued);
    }

    private RandomSweep? ReadRandom(ManifestValue? value)
    {
        if (value is null || _expect.Mapping(value, "sweep.random", "a mapping with `n`, `seed` and axes") is not { } map)
        {
            return null;
        }

        var nValue = Expect.Get(map, "n");
        if (nValue is null)
        {
            _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, "n", "sweep.random (how many samples to draw)");
        }

        var n = nValue is null ? null : _expect.Integer(nValue, "sweep.random.n", 1, MaxRandomSamples);
        var seedValue = Expect.Get(map, "seed");
        var seed = seedValue is null ? 0 : _expect.Integer(seedValue, "sweep.random.seed", 0, SeedRange.Max);
        var axes = new List<RandomAxis>();
        foreach (var entry in map.Entries.Where(e => !RandomKeys.Contains(e.Key)))
        {
            if (CheckAxisName(entry) && ReadRandomAxis(entry) is { } axis)
            {
                axes.Add(axis);
            }
        }

        if (axes.Count == 0)
        {
            _expect.Report(DiagnosticDescriptors.EmptyAxis, map.Position, "random (it has no axes to sample)");
        }

        return n is null || seed is null ? null : new RandomSweep((int)n.Value, seed.Value, axes, map.Position);
    }

    private RandomAxis? ReadRandomAxis(MapEntry entry)
    {
        switch (entry.Value)
        {
            case ListValue list when list.Items.Count == 0:
                _expect.Report(DiagnosticDescriptors.EmptyAxis, list.Position, entry.Key);
                return null;
            case ListValue list:
                var choices = AllOrNull(list.Items.Select(v => _values.Read(entry.Key, v)).ToArray());
                if (choices is null)
                {
                    return null;
                }

                _axes.Add(new AxisDeclaration(entry.Key, entry.KeyPosition, AxisKind.Random, 0, choices, null));
                return new RandomAxis(entry.Key, null, choices, entry.KeyPosition);
            case MapValue map:
                var range = ReadRange(entry.Key, map, stepRequired: false);
                if (range is null)
                {
                    return null;
                }

                _axes.Add(new AxisDeclaration(entry.Key, entry.KeyPosition, AxisKind.Random, 0,
                    new ManifestValue[] { Bound(range, range.From, map.Position), Bound(range, range.To, map.Position) }, range));
                return new RandomAxis(entry.Key, range, null, entry.KeyPosition);
            default:
                _expect.WrongType(entry.Key, "a list of choices or a range `{from, to, step}`", entry.Value);
                return null;
        }
    }

    /// <summary>The values when every one was valid (each invalid one has been reported), else null.</summary>
    private static IReadOnlyList<ManifestValue>? AllOrNull(ManifestValue?[] values) =>
        values.Any(v => v is null) ? null : values.Select(v => v!).ToArray();

    private static ManifestValue Bound(NumericRange range, decimal value, SourcePosition position) =>
        range.IntegerValued ? new IntegerValue((long)value, position) : new NumberValue(value, position);

    private IReadOnlyList<Combination> ReadCombinations(ManifestValue? value, string kind)
    {
        if (value is null || _expect.List(value, "sweep." + kind, "a list of mappings such as `- { steps: 12, guidance: 8.5 }`") is not { } list)
        {
            return new Combination[0];
        }

        var result = new List<Combination>();
        foreach (var item in list.Items)
        {
            if (_expect.Mapping(item, "sweep." + kind + " entry", "a mapping of names to values") is not { } map)
            {
                continue;
            }

            if (map.Entries.Count == 0)
            {
                _expect.Report(DiagnosticDescriptors.EmptyValue, map.Position, kind + " entry");
                continue;
            }

            var entries = map.Entries
                .Select(e => _values.Read(e.Key, e.Value) is { } v ? new MapEntry(e.Key, e.KeyPosition, v) : null)
                .ToArray();
            if (entries.All(e => e is not null))
            {
                result.Add(new Combination(entries!, map.Position));
            }
        }

        return result;
    }

    /// <summary>Names that cannot be axes, and names that cannot be template variables.</summary>
    private bool CheckAxisName(MapEntry entry)
    {
        var reason = RequestFields.ManagedElsewhere(entry.Key) ?? TemplateNames.ProvidedReason(entry.Key);
        if (reason is not null)
        {
            _expect.Report(DiagnosticDescriptors.AxisNotAllowed, entry.KeyPosition, entry.Key, reason);
            return false;
        }

        if (RequestFields.Find(entry.Key) is null && entry.Key != RequestFields.Size && !TemplateNames.IsIdentifier(entry.Key))
        {
            _expect.Report(DiagnosticDescriptors.InvalidName, entry.KeyPosition, "Sweep axis", entry.Key, TemplateNames.IdentifierRule);
            return false;
        }

        return true;
    }

    private void ReportDuplicateAxes()
    {
        foreach (var group in _axes.Where(a => a.Kind != AxisKind.Random).GroupBy(a => a.Name).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var again in group.Skip(1))
            {
                _expect.Report(DiagnosticDescriptors.AxisDeclaredTwice, again.Position, again.Name, first.Position.Line);
            }
        }
    }
}
