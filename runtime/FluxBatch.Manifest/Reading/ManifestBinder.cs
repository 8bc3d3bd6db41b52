using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Rules;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// Turns the YAML root into a <see cref="ManifestSpec"/>: reads each top-level section, then runs the rules that
/// look across sections (model fields, axes vs vars, sizes, templates, seeds, sweep size, prices).
/// </summary>
internal sealed class ManifestBinder
{
    internal static readonly string[] TopLevelKeys =
    {
        "name", "model", "prompt", "vars", "defaults", "sweep", "seed", "seeds", "references", "budget",
        "concurrency", "output", "prices", "provider", "score", "cache",
    };

    internal static readonly string[] Providers = { "bfl", "comet", "emulator" };
    internal const string ManifestNamePattern = "^[A-Za-z][A-Za-z0-9_-]{0,99}$";
    private static readonly Regex ManifestName = new(ManifestNamePattern, RegexOptions.CultureInvariant);

    private readonly string _path;
    private readonly IManifestFileSystem _files;
    private readonly Expect _expect;
    private readonly TemplateLocator _locator;

    public ManifestBinder(string path, string text, IManifestFileSystem files, DiagnosticBag diagnostics)
    {
        _path = path;
        _files = files;
        _expect = new Expect(diagnostics);
        _locator = new TemplateLocator(text);
    }

    public ManifestSpec? Bind(ManifestValue root)
    {
        if (root is not MapValue map)
        {
            _expect.Report(DiagnosticDescriptors.NotAMapping, root.Position, ValueText.Describe(root));
            return null;
        }

        ReportUnknownTopLevelKeys(map);
        var sections = new SectionReaders(_expect);
        var name = ReadName(Expect.Get(map, "name"));
        var model = ReadModel(Expect.Get(map, "model"));
        var prompt = ReadPrompt(map);
        var vars = sections.ReadVars(Expect.Get(map, "vars"));
        var defaults = sections.ReadDefaults(Expect.Get(map, "defaults"));
        var sweepEntry = Expect.GetEntry(map, "sweep");
        var sweep = new SweepReader(_expect).Read(sweepEntry?.Value is NullValue ? null : sweepEntry?.Value);
        var seedEntry = NotNull(Expect.GetEntry(map, "seed")) ?? NotNull(Expect.GetEntry(map, "seeds"));
        var seeds = sections.ReadSeeds(NotNull(Expect.GetEntry(map, "seed")), NotNull(Expect.GetEntry(map, "seeds")));
        var references = sections.ReadReferences(Expect.Get(map, "references"), _path, _files);
        var budget = sections.ReadBudget(Expect.Get(map, "budget"));
        var concurrency = sections.ReadConcurrency(Expect.Get(map, "concurrency"));
        var output = sections.ReadOutput(Expect.Get(map, "output"), map.Position);
        var prices = sections.ReadPrices(Expect.Get(map, "prices"));
        var (provider, region) = ReadProviderBlock(Expect.Get(map, "provider"));
        var score = ScoreReader.Read(Expect.GetEntry(map, "score"), _expect);
        var cache = ReadCache(Expect.Get(map, "cache"));

        var spec = new ManifestSpec(_path, name, model, prompt ?? new StringValue(string.Empty, map.Position), vars, defaults,
            sweep.Spec, seeds.Spec, references, budget, concurrency, output, prices.For(provider ?? "bfl"), provider, prices, region,
            Expect.Get(map, "model")?.Position ?? map.Position) { Score = score, Cache = cache };
        var context = new RuleContext(spec, sweep.Axes, sweepEntry?.KeyPosition ?? map.Position, seeds.Explicit,
            seedEntry?.KeyPosition ?? map.Position, seeds.VaryWith, Expect.Get(map, "model")?.Position ?? map.Position, _expect, _locator, DeclaredNames(map));
        CrossSectionRules.Check(context, promptIsValid: prompt is not null);
        return spec;
    }

    /// <summary><c>cache: DIR</c>: the shared cache of paid results, as written (a run resolves it against the manifest's folder).</summary>
    private string? ReadCache(ManifestValue? value)
    {
        if (value is null)
        {
            return null;
        }

        var folder = _expect.String(value, "cache");
        if (folder is not null && folder.Trim().Length == 0)
        {
            _expect.Report(DiagnosticDescriptors.EmptyValue, value.Position, "cache");
            return null;
        }

        return folder;
    }

    private void ReportUnknownTopLevelKeys(MapValue map)
    {
        foreach (var entry in map.Entries.Where(e => !TopLevelKeys.Contains(e.Key)))
        {
            var hint = RequestFields.Find(entry.Key) is not null || entry.Key == RequestFields.Size
                ? $"request fields go under `defaults:` (or are swept under `sweep:`)"
                : NameSuggestions.Hint(entry.Key, TopLevelKeys);
            _expect.Report(DiagnosticDescriptors.UnknownKey, entry.KeyPosition, entry.Key, "the manifest", hint);
        }
    }

    /// <summary>The preset name; defaults to the file name without <c>.flux.yaml</c>.</summary>
    private string ReadName(ManifestValue? value)
    {
        var fallback = Path.GetFileName(_path);
        foreach (var suffix in new[] { ".flux.yaml", ".flux.yml", ".yaml", ".yml" })
        {
            if (fallback.EndsWith(suffix, System.StringComparison.OrdinalIgnoreCase))
            {
                fallback = fallback.Substring(0, fallback.Length - suffix.Length);
                break;
            }
        }

        if (value is null)
        {
            return fallback;
        }

        var name = _expect.String(value, "name");
        if (name is not null && !ManifestName.IsMatch(name))
        {
            _expect.Report(DiagnosticDescriptors.InvalidName, value.Position, "The manifest name", name,
                "it must start with a letter, then up to 99 letters, digits, `-` or `_` (it becomes the C# preset name)");
        }

        return name ?? fallback;
    }

    private string ReadModel(ManifestValue? value)
    {
        if (value is null)
        {
            return ModelCatalog.Flex;
        }

        var model = _expect.String(value, "model");
        if (model is not null && !ModelCatalog.IsKnown(model))
        {
            _expect.Report(DiagnosticDescriptors.UnknownModel, value.Position, model, NameSuggestions.Hint(model, ModelCatalog.Models));
        }

        return model ?? ModelCatalog.Flex;
    }

    /// <summary>Text (a template) or a mapping (a structured prompt); never empty.</summary>
    private ManifestValue? ReadPrompt(MapValue map)
    {
        var entry = Expect.GetEntry(map, "prompt");
        if (entry is null)
        {
            _expect.Report(DiagnosticDescriptors.MissingKey, map.Position, "prompt", "the manifest");
            return null;
        }

        switch (entry.Value)
        {
            case StringValue text when text.Value.Trim().Length == 0:
            case NullValue:
            case MapValue { Entries.Count: 0 }:
                _expect.Report(DiagnosticDescriptors.EmptyValue, entry.KeyPosition, "prompt");
                return null;
            case StringValue or MapValue:
                return entry.Value;
            default:
                _expect.WrongType("prompt", "text (a template) or a mapping (a structured prompt)", entry.Value);
                return null;
        }
    }

    /// <summary>BFL's regional hosts (black-forest-labs/skills, <c>bfl-api/SKILL.md</c>, "Base Endpoints"), by the names <c>--region</c> takes.</summary>
    internal static readonly string[] Regions = { "global", "eu", "us" };

    internal static readonly string[] ProviderBlockKeys = { "name", "region" };

    /// <summary><c>provider: bfl</c>, or the block <c>provider: { name: bfl, region: eu }</c> (a region is BFL's only).</summary>
    private (string? Provider, string? Region) ReadProviderBlock(ManifestValue? value)
    {
        if (value is not MapValue block)
        {
            return (ReadProvider(value), null);
        }

        _expect.OnlyKeys(block, "provider", ProviderBlockKeys);
        var name = Expect.Get(block, "name") is { } nameValue ? ReadProvider(nameValue) : "bfl";
        if (Expect.Get(block, "region") is not { } regionValue || _expect.String(regionValue, "provider.region") is not { } region)
        {
            return (name, null);
        }
        if (!Regions.Contains(region))
        {
            _expect.Report(DiagnosticDescriptors.NotAllowedValue, regionValue.Position, "provider.region", string.Join(" | ", Regions), region,
                NameSuggestions.Closest(region, Regions) is { } closest ? $"; did you mean `{closest}`?" : string.Empty);
            return (name, null);
        }
        if (name != "bfl")
        {
            _expect.Report(DiagnosticDescriptors.NotAllowedValue, regionValue.Position, "provider.name", "bfl (regions are BFL's hosts)", name ?? "", string.Empty);
            return (name, null);
        }
        return (name, region);
    }

    private string? ReadProvider(ManifestValue? value)
    {
        if (value is null || _expect.String(value, "provider") is not { } provider)
        {
            return null;
        }

        if (!Providers.Contains(provider))
        {
            var closest = NameSuggestions.Closest(provider, Providers);
            _expect.Report(DiagnosticDescriptors.NotAllowedValue, value.Position, "provider", string.Join(" | ", Providers), provider,
                closest is null ? string.Empty : $"; did you mean `{closest}`?");
            return null;
        }

        return provider;
    }

    /// <summary>Keys written under vars and the sweep kinds, read from the raw YAML (before any was rejected).</summary>
    private static HashSet<string> DeclaredNames(MapValue root)
    {
        var names = new HashSet<string>();
        void AddKeys(ManifestValue? value)
        {
            switch (value)
            {
                case MapValue map:
                    names.UnionWith(map.Entries.Select(e => e.Key));
                    break;
                case ListValue list:
                    list.Items.ToList().ForEach(AddKeys);
                    break;
            }
        }

        AddKeys(Expect.Get(root, "vars"));
        if (Expect.Get(root, "sweep") is MapValue sweep)
        {
            foreach (var kind in new[] { "grid", "zip", "random", "include" })
            {
                AddKeys(Expect.Get(sweep, kind));
            }
        }

        return names;
    }

    private static MapEntry? NotNull(MapEntry? entry) => entry?.Value is NullValue ? null : entry;
}
