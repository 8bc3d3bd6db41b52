using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.References;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Manifest.Rules;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>The small top-level sections: vars, defaults, seeds, references, budget, concurrency, output, prices.</summary>
internal sealed class SectionReaders
{
    /// <summary>Concurrency when the manifest sets none: a few jobs in flight, well under the account's 24.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>The API allows 24 active tasks per account; more in flight would only collect 429s.</summary>
    public const int MaxConcurrency = 24;

    public const int MaxReferences = 8;

    /// <summary>Most seeds per combination (<c>seeds.count</c>).</summary>
    public const int MaxSeedCount = 10_000;

    public const string DefaultOutputDir = "runs/{{ name }}";
    public const string DefaultOutputFile = "{{ index }}-{{ id }}.{{ output_format }}";

    internal static readonly string[] SeedsKeys = { "base", "count" };
    internal static readonly string[] BudgetKeys = { "max_usd" };
    internal static readonly string[] OutputKeys = { "dir", "file" };
    internal static readonly string[] PriceKeys = { "first_mp", "extra_mp", "input_mp" };

    private readonly Expect _expect;
    private readonly FieldValueReader _values;

    public SectionReaders(Expect expect)
    {
        _expect = expect;
        _values = new FieldValueReader(expect);
    }

    public IReadOnlyList<Variable> ReadVars(ManifestValue? value)
    {
        if (value is null || _expect.Mapping(value, "vars", "a mapping of names to values") is not { } map)
        {
            return new Variable[0];
        }

        var vars = new List<Variable>();
        foreach (var entry in map.Entries)
        {
            var reason = RequestFields.Find(entry.Key) is not null || entry.Key == RequestFields.Size
                ? "it is a request field; request fields go under `defaults` or `sweep`"
                : RequestFields.ManagedElsewhere(entry.Key) ?? TemplateNames.ProvidedReason(entry.Key);
            if (reason is not null)
            {
                _expect.Report(DiagnosticDescriptors.ReservedName, entry.KeyPosition, entry.Key, reason);
            }
            else if (!TemplateNames.IsIdentifier(entry.Key))
            {
                _expect.Report(DiagnosticDescriptors.InvalidName, entry.KeyPosition, "Variable", entry.Key, TemplateNames.IdentifierRule);
            }
            else if (entry.Value is NullValue)
            {
                _expect.Report(DiagnosticDescriptors.EmptyValue, entry.KeyPosition, "vars." + entry.Key);
            }
            else if (entry.Value is MapValue || (entry.Value is ListValue list && list.Items.Any(i => i is MapValue or ListValue or NullValue)))
            {
                _expect.WrongType("vars." + entry.Key, "a scalar or a list of scalars", entry.Value);
            }
            else
            {
                vars.Add(new Variable(entry.Key, entry.Value, entry.KeyPosition));
            }
        }

        return vars;
    }

    /// <summary>Request fields under their API names; <c>size</c> is split into width and height.</summary>
    public IReadOnlyList<MapEntry> ReadDefaults(ManifestValue? value)
    {
        if (value is null || _expect.Mapping(value, "defaults", "a mapping of request fields") is not { } map)
        {
            return new MapEntry[0];
        }

        var known = RequestFields.Names.Concat(new[] { RequestFields.Size }).ToArray();
        var defaults = new List<MapEntry>();
        foreach (var entry in map.Entries)
        {
            if (!known.Contains(entry.Key))
            {
                var hint = RequestFields.ManagedElsewhere(entry.Key) ?? NameSuggestions.Hint(entry.Key, known);
                _expect.Report(DiagnosticDescriptors.UnknownKey, entry.KeyPosition, entry.Key, "defaults", hint);
                continue;
            }

            var checkedValue = _values.Read(entry.Key, entry.Value);
            if (checkedValue is StringValue sizeText && entry.Key == RequestFields.Size && ImageSize.TryParse(sizeText.Value, out var size))
            {
                defaults.Add(new MapEntry("width", entry.KeyPosition, new IntegerValue(size.Width, checkedValue.Position)));
                defaults.Add(new MapEntry("height", entry.KeyPosition, new IntegerValue(size.Height, checkedValue.Position)));
            }
            else if (checkedValue is not null)
            {
                defaults.Add(new MapEntry(entry.Key, entry.KeyPosition, checkedValue));
            }
        }

        foreach (var side in new[] { "width", "height" })
        {
            if (defaults.Count(d => d.Key == side) > 1)
            {
                _expect.Report(DiagnosticDescriptors.SizeConflict, defaults.Last(d => d.Key == side).KeyPosition, side, "defaults");
            }
        }

        return defaults;
    }

    /// <summary>
    /// <c>seed: 42</c> (one fixed seed), or <c>seeds: {base, count}</c> (derived seeds). Neither: base 0, one
    /// derived seed per combination, so a manifest without seeds still plans reproducibly.
    /// </summary>
    public (SeedSpec Spec, bool Explicit) ReadSeeds(MapEntry? seed, MapEntry? seeds)
    {
        if (seed is not null && seeds is not null)
        {
            _expect.Report(DiagnosticDescriptors.SeedAndSeeds, seeds.KeyPosition, seed.KeyPosition.Line);
            return (new SeedSpec(null, 0, 1), true);
        }

        if (seed is not null)
        {
            var fixedSeed = _expect.Integer(seed.Value, "seed", 0, SeedRange.Max) ?? 0;
            return (new SeedSpec(fixedSeed, fixedSeed, 1), true);
        }

        if (seeds is null || _expect.Mapping(seeds.Value, "seeds", "a mapping `{ base: 1234, count: 4 }`") is not { } map)
        {
            return (new SeedSpec(null, 0, 1), seeds is not null);
        }

        _expect.OnlyKeys(map, "seeds", SeedsKeys);
        var baseSeed = Expect.Get(map, "base") is { } b ? _expect.Integer(b, "seeds.base", 0, SeedRange.Max) ?? 0 : 0;
        var count = Expect.Get(map, "count") is { } c ? _expect.Integer(c, "seeds.count", 1, MaxSeedCount) ?? 1 : 1;
        return (new SeedSpec(null, baseSeed, (int)count), true);
    }

    /// <summary>Paths relative to the manifest's folder (must exist) or https URLs; at most 8.</summary>
    public IReadOnlyList<ReferenceImage> ReadReferences(ManifestValue? value, string manifestPath, IManifestFileSystem files)
    {
        if (value is null || _expect.List(value, "references", "a list of image paths or https URLs") is not { } list)
        {
            return new ReferenceImage[0];
        }

        if (list.Items.Count > MaxReferences)
        {
            _expect.Report(DiagnosticDescriptors.TooManyReferences, list.Items[MaxReferences].Position, list.Items.Count);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath)) ?? string.Empty;
        var references = new List<ReferenceImage>();
        foreach (var item in list.Items)
        {
            if (_expect.String(item, "references entry") is not { } source)
            {
                continue;
            }

            if (source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(source, UriKind.Absolute, out _))
            {
                references.Add(new ReferenceImage(source, null, item.Position));
                continue;
            }

            if (source.Length == 0 || source.Contains("://") || Path.IsPathRooted(source))
            {
                _expect.Report(DiagnosticDescriptors.BadReference, item.Position, source);
                continue;
            }

            var fullPath = Path.GetFullPath(Path.Combine(folder, source));
            if (!files.FileExists(fullPath))
            {
                _expect.Report(DiagnosticDescriptors.ReferenceNotFound, item.Position, source, fullPath);
                continue;
            }

            if (files is IReferenceProbe probe && ReferenceRule.Check(probe.Probe(fullPath, folder)) is { } problem)
            {
                _expect.Report(problem.Descriptor, item.Position, source, problem.Why);
                continue;
            }

            references.Add(new ReferenceImage(source, fullPath, item.Position));
        }

        return references;
    }

    public BudgetSpec? ReadBudget(ManifestValue? value)
    {
        if (value is null || _expect.Mapping(value, "budget", "a mapping `{ max_usd: 5.00 }`") is not { } map)
        {
            return null;
        }

        _expect.OnlyKeys(map, "budget", BudgetKeys);
        var maxValue = Expect.Get(map, "max_usd");
        if (maxValue is null)
        {
            _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, "max_usd", "budget");
            return null;
        }

        if (_expect.Number(maxValue, "budget.max_usd") is not { } max)
        {
            return null;
        }

        if (max <= 0)
        {
            _expect.Report(DiagnosticDescriptors.BudgetNotPositive, maxValue.Position, ValueText.Number(max));
            return null;
        }

        return new BudgetSpec(max, maxValue.Position);
    }

    public int ReadConcurrency(ManifestValue? value) =>
        value is null ? DefaultConcurrency : (int)(_expect.Integer(value, "concurrency", 1, MaxConcurrency) ?? DefaultConcurrency);

    public OutputSpec ReadOutput(ManifestValue? value, SourcePosition manifestStart)
    {
        var map = value is null ? null : _expect.Mapping(value, "output", "a mapping `{ dir: ..., file: ... }`");
        if (map is null)
        {
            return new OutputSpec(DefaultOutputDir, DefaultOutputFile, manifestStart, manifestStart);
        }

        _expect.OnlyKeys(map, "output", OutputKeys);
        var dir = Expect.Get(map, "dir");
        var file = Expect.Get(map, "file");
        return new OutputSpec(
            OutputText(dir, "dir") ?? DefaultOutputDir,
            OutputText(file, "file") ?? DefaultOutputFile,
            dir?.Position ?? map.Position,
            file?.Position ?? map.Position);
    }

    private string? OutputText(ManifestValue? value, string key)
    {
        if (value is null || _expect.String(value, "output." + key) is not { } text)
        {
            return null;
        }

        if (text.Trim().Length == 0)
        {
            _expect.Report(DiagnosticDescriptors.EmptyValue, value.Position, "output." + key);
            return null;
        }

        return OutputPaths.Check(text, key, value.Position, _expect) ? text : null;
    }

    /// <summary>
    /// <c>prices: { model: { first_mp, extra_mp, input_mp } }</c> in US dollars per megapixel, over the built-in
    /// table; a model the table lacks needs all three.
    /// </summary>
    public PriceTable ReadPrices(ManifestValue? value)
    {
        var table = new Dictionary<string, ModelPrice>(DefaultPrices.Table.Models.Count);
        foreach (var pair in DefaultPrices.Table.Models)
        {
            table[pair.Key] = pair.Value;
        }

        if (value is null || _expect.Mapping(value, "prices", "a mapping of model ids to prices") is not { } map)
        {
            return new PriceTable(table);
        }

        foreach (var entry in map.Entries)
        {
            if (!ModelCatalog.IsKnown(entry.Key))
            {
                _expect.Report(DiagnosticDescriptors.UnknownModel, entry.KeyPosition, entry.Key, NameSuggestions.Hint(entry.Key, ModelCatalog.Models));
                continue;
            }

            if (_expect.Mapping(entry.Value, "prices." + entry.Key, "a mapping `{ first_mp, extra_mp, input_mp }` in US dollars") is not { } price)
            {
                continue;
            }

            _expect.OnlyKeys(price, "prices." + entry.Key, PriceKeys);
            table.TryGetValue(entry.Key, out var current);
            var first = Price(price, "first_mp", entry.Key, current?.FirstOutputMpUsd);
            var extra = Price(price, "extra_mp", entry.Key, current?.ExtraOutputMpUsd);
            var input = Price(price, "input_mp", entry.Key, current?.InputMpUsd);
            if (first is not null && extra is not null && input is not null)
            {
                table[entry.Key] = new ModelPrice(first.Value, extra.Value, input.Value);
            }
        }

        return new PriceTable(table);
    }

    private decimal? Price(MapValue map, string key, string model, decimal? fallback)
    {
        var value = Expect.Get(map, key);
        if (value is null)
        {
            if (fallback is null)
            {
                _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, key, $"prices.{model} (the built-in table has no price for it)");
            }

            return fallback;
        }

        var price = _expect.Number(value, $"prices.{model}.{key}");
        if (price < 0)
        {
            _expect.Report(DiagnosticDescriptors.OutOfRange, value.Position, $"prices.{model}.{key}", ValueText.Number(price.Value), "0 or more (US dollars per megapixel)");
            return null;
        }

        return price;
    }
}
