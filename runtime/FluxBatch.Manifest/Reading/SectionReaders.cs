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

/// <summary>The seed policy as read, whether any seed key was written, and the <c>vary_with</c> names with their positions.</summary>
internal sealed record SeedsReadResult(SeedSpec Spec, bool Explicit, IReadOnlyList<StringValue> VaryWith);

/// <summary>The small top-level sections: vars, defaults, seeds, references, budget, concurrency, output, prices.</summary>
internal sealed class SectionReaders
{
    /// <summary>Most seeds per combination (<c>seeds.count</c>).</summary>
    public const int MaxSeedCount = 10_000;

    public const string DefaultOutputDir = "runs/{{ name }}";
    public const string DefaultOutputFile = "{{ index }}-{{ id }}.{{ output_format }}";

    internal static readonly string[] SeedsKeys = { "base", "count", "vary_with", "values" };
    internal static readonly string[] BudgetKeys = { "max_usd", "shared" };
    internal static readonly string[] OutputKeys = { "dir", "file" };
    internal static readonly string[] PriceKeys = { "first_mp", "extra_mp", "input_mp", "per_request" };

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
    /// <c>seed: 42</c> (one fixed seed), <c>seeds: {base, count, vary_with}</c> (derived seeds, shared by every
    /// combination unless <c>vary_with</c> names axes) or <c>seeds: {values}</c> (explicit seeds). Neither: base 0,
    /// one derived seed, so a manifest without seeds still plans reproducibly. <c>vary_with</c> names are checked
    /// against the sweep later (<see cref="SeedRules"/>), when the axes are known.
    /// </summary>
    public SeedsReadResult ReadSeeds(MapEntry? seed, MapEntry? seeds)
    {
        var none = new SeedsReadResult(new SeedSpec(null, 0, 1), seed is not null || seeds is not null, new StringValue[0]);
        if (seed is not null && seeds is not null)
        {
            _expect.Report(DiagnosticDescriptors.SeedAndSeeds, seeds.KeyPosition, seed.KeyPosition.Line);
            return none;
        }

        if (seed is not null)
        {
            var fixedSeed = _expect.Integer(seed.Value, "seed", 0, SeedRange.Max) ?? 0;
            return none with { Spec = new SeedSpec(fixedSeed, fixedSeed, 1) };
        }

        if (seeds is null || _expect.Mapping(seeds.Value, "seeds", "a mapping `{ base: 1234, count: 4 }` or `{ values: [11, 42] }`") is not { } map)
        {
            return none;
        }

        _expect.OnlyKeys(map, "seeds", SeedsKeys);
        if (Expect.Get(map, "values") is { } listed)
        {
            foreach (var derivedKey in map.Entries.Where(e => e.Key is "base" or "count" or "vary_with"))
            {
                _expect.Report(DiagnosticDescriptors.SeedValuesWithDerivation, derivedKey.KeyPosition, derivedKey.Key);
            }

            var values = ReadSeedValues(listed);
            return none with { Spec = new SeedSpec(null, 0, Math.Max(1, values.Count)) { Values = values } };
        }

        var baseSeed = Expect.Get(map, "base") is { } b ? _expect.Integer(b, "seeds.base", 0, SeedRange.Max) ?? 0 : 0;
        var count = Expect.Get(map, "count") is { } c ? _expect.Integer(c, "seeds.count", 1, MaxSeedCount) ?? 1 : 1;
        var varyWith = ReadVaryWith(Expect.Get(map, "vary_with"));
        var spec = new SeedSpec(null, baseSeed, (int)count);
        return none with
        {
            Spec = varyWith.Count == 0 ? spec : spec with { VaryWith = varyWith.Select(v => v.Value).ToArray() },
            VaryWith = varyWith,
        };
    }

    /// <summary><c>seeds.values</c>: 1 to <see cref="MaxSeedCount"/> distinct seeds in the API's range.</summary>
    private IReadOnlyList<long> ReadSeedValues(ManifestValue value)
    {
        if (_expect.List(value, "seeds.values", "a list of seeds, e.g. `[11, 42, 1234]`") is not { } list)
        {
            return new long[0];
        }

        if (list.Items.Count == 0 || list.Items.Count > MaxSeedCount)
        {
            _expect.Report(DiagnosticDescriptors.OutOfRange, list.Position, "the number of `seeds.values`",
                list.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"from 1 to {ValueText.Count(MaxSeedCount)}");
            return new long[0];
        }

        var seen = new Dictionary<long, int>();
        var values = new List<long>();
        foreach (var item in list.Items)
        {
            if (_expect.Integer(item, "seeds.values", 0, SeedRange.Max) is not { } seed)
            {
                continue;
            }

            if (seen.TryGetValue(seed, out var line))
            {
                _expect.Report(DiagnosticDescriptors.SeedListedTwice, item.Position, ValueText.Plain(item), "values", line);
                continue;
            }

            seen.Add(seed, item.Position.Line);
            values.Add(seed);
        }

        return values;
    }

    /// <summary><c>seeds.vary_with</c>: distinct names (checked against the axes later).</summary>
    private IReadOnlyList<StringValue> ReadVaryWith(ManifestValue? value)
    {
        if (value is null || _expect.List(value, "seeds.vary_with", "a list of axis names, e.g. `[font]`") is not { } list)
        {
            return new StringValue[0];
        }

        var names = new List<StringValue>();
        foreach (var item in list.Items)
        {
            if (item is not StringValue name)
            {
                _expect.WrongType("seeds.vary_with", "a list of axis names", item);
                continue;
            }

            if (names.FirstOrDefault(n => n.Value == name.Value) is { } first)
            {
                _expect.Report(DiagnosticDescriptors.SeedListedTwice, name.Position, name.Value, "vary_with", first.Position.Line);
                continue;
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>Paths relative to the manifest's folder (must exist) or https URLs; at most 8.</summary>
    public IReadOnlyList<ReferenceImage> ReadReferences(ManifestValue? value, string manifestPath, IManifestFileSystem files)
    {
        if (value is null || _expect.List(value, "references", "a list of image paths or https URLs") is not { } list)
        {
            return new ReferenceImage[0];
        }

        if (list.Items.Count > ApiLimits.MaxReferences)
        {
            _expect.Report(DiagnosticDescriptors.TooManyReferences, list.Items[ApiLimits.MaxReferences].Position, list.Items.Count);
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

        var sharedValue = Expect.Get(map, "shared");
        var shared = sharedValue is null ? null : _expect.String(sharedValue, "budget.shared");
        if (shared is not null && !SharedBudgetName.IsValid(shared))
        {
            _expect.Report(DiagnosticDescriptors.BadSharedBudgetName, sharedValue!.Position, shared);
            return null;
        }
        if (sharedValue is not null && shared is null)
        {
            return null;
        }

        return new BudgetSpec(max, maxValue.Position, shared, sharedValue?.Position);
    }

    public int ReadConcurrency(ManifestValue? value) =>
        value is null ? ApiLimits.DefaultConcurrency : (int)(_expect.Integer(value, "concurrency", 1, ApiLimits.MaxConcurrency) ?? ApiLimits.DefaultConcurrency);

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
    /// <c>prices:</c> over the built-in tables, in US dollars. A model id at the top level is BFL's price (BFL is the
    /// reference, and the emulator charges by it); <c>bfl:</c> and <c>comet:</c> hold one provider's models. Each price is
    /// <c>{ first_mp, extra_mp, input_mp, per_request }</c>; keys left out keep the table's value. A model the provider's
    /// table lacks needs the three per-megapixel keys, or <c>per_request</c> alone (the others are then 0).
    /// </summary>
    public PriceBook ReadPrices(ManifestValue? value)
    {
        var bfl = Copy(DefaultPrices.Bfl);
        var comet = Copy(DefaultPrices.Comet);
        if (value is null || _expect.Mapping(value, "prices", "a mapping of model ids (BFL's prices) or providers (bfl, comet) to prices") is not { } map)
        {
            return new PriceBook(new PriceTable(bfl), new PriceTable(comet));
        }

        foreach (var entry in map.Entries)
        {
            if (Array.IndexOf(PriceProviders, entry.Key) >= 0)
            {
                if (_expect.Mapping(entry.Value, "prices." + entry.Key, "a mapping of model ids to prices") is { } models)
                {
                    foreach (var model in models.Entries)
                    {
                        ReadModelPrice(model, "prices." + entry.Key + ".", entry.Key == "comet" ? comet : bfl);
                    }
                }
                continue;
            }
            ReadModelPrice(entry, "prices.", bfl);
        }

        return new PriceBook(new PriceTable(bfl), new PriceTable(comet));
    }

    /// <summary>The providers whose prices a manifest can set apart (the emulator charges BFL's).</summary>
    internal static readonly string[] PriceProviders = { "bfl", "comet" };

    private static Dictionary<string, ModelPrice> Copy(PriceTable table)
    {
        var copy = new Dictionary<string, ModelPrice>(table.Models.Count);
        foreach (var pair in table.Models)
        {
            copy[pair.Key] = pair.Value;
        }
        return copy;
    }

    private void ReadModelPrice(MapEntry entry, string prefix, Dictionary<string, ModelPrice> table)
    {
        if (!ModelCatalog.IsKnown(entry.Key))
        {
            _expect.Report(DiagnosticDescriptors.UnknownModel, entry.KeyPosition, entry.Key, NameSuggestions.Hint(entry.Key, ModelCatalog.Models));
            return;
        }

        var path = prefix + entry.Key;
        if (_expect.Mapping(entry.Value, path, "a mapping `{ first_mp, extra_mp, input_mp, per_request }` in US dollars") is not { } price)
        {
            return;
        }

        _expect.OnlyKeys(price, path, PriceKeys);
        table.TryGetValue(entry.Key, out var current);
        var perRequest = Price(price, "per_request", path, current?.PerRequestUsd ?? 0m);
        // A new model priced per request alone costs nothing per megapixel; otherwise each MP key is needed.
        var mpFallback = current is null && Expect.Get(price, "per_request") is not null ? 0m : (decimal?)null;
        var first = Price(price, "first_mp", path, current?.FirstOutputMpUsd ?? mpFallback);
        var extra = Price(price, "extra_mp", path, current?.ExtraOutputMpUsd ?? mpFallback);
        var input = Price(price, "input_mp", path, current?.InputMpUsd ?? mpFallback);
        if (first is not null && extra is not null && input is not null && perRequest is not null)
        {
            table[entry.Key] = new ModelPrice(first.Value, extra.Value, input.Value) { PerRequestUsd = perRequest.Value };
        }
    }

    private decimal? Price(MapValue map, string key, string path, decimal? fallback)
    {
        var value = Expect.Get(map, key);
        if (value is null)
        {
            if (fallback is null)
            {
                _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, key, $"{path} (the built-in table has no price for it)");
            }

            return fallback;
        }

        var price = _expect.Number(value, $"{path}.{key}");
        if (price < 0)
        {
            _expect.Report(DiagnosticDescriptors.OutOfRange, value.Position, $"{path}.{key}", ValueText.Number(price.Value),
                key == "per_request" ? "0 or more (US dollars per request)" : "0 or more (US dollars per megapixel)");
            return null;
        }

        return price;
    }
}
