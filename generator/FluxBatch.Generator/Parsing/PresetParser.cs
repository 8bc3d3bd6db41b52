using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FluxBatch.Generator.Diagnostics;
using FluxBatch.Generator.Model;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Templates;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace FluxBatch.Generator.Parsing;

/// <summary>
/// One manifest file → <see cref="ManifestModel"/>. The shared manifest reader applies every rule; this class
/// only maps its result to C# shapes (names, types, literals, docs) and adds the generator's own checks.
/// </summary>
internal static class PresetParser
{
    private static readonly string[] RecordMembers =
        { "Variables", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "Clone", "ApplyTo", "GetType", "MemberwiseClone", "Finalize" };

    private static readonly string[] StaticClassMembers = { "Equals", "ReferenceEquals", "GetType", "ToString", "GetHashCode" };

    /// <summary>Names the generator gives its own types and the preset's members (a type may not share a member's name).</summary>
    private static readonly string[] ReservedTypeNames =
    {
        "FluxBatchPresets", "PresetInfo", "PresetValues",
        "Name", "Model", "FileName", "Content", "ReadManifest", "Plan", "RunAsync", "Variables", "Defaults", "Sweep", "Seeds",
    };

    public static ManifestModel Parse(AdditionalText file, GeneratorOptions options, EquatableArray<string> additionalFiles, CancellationToken cancellationToken)
    {
        var path = file.Path;
        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            var nowhere = new LocationInfo(path, 1, 1, 0, 0);
            return new ManifestModel(path, null, nowhere,
                new[] { DiagnosticInfo.Create(GeneratorDiagnostics.UnreadableManifest, nowhere, path) }.ToEquatableArray());
        }
        return Parse(path, text, options, new AdditionalFileSystem(additionalFiles));
    }

    public static ManifestModel Parse(string path, SourceText text, GeneratorOptions options, IManifestFileSystem files)
    {
        var yaml = text.ToString();
        var read = ManifestReader.Read(path, yaml, files);
        // The reader reports against the path it was given, which is this file's path.
        var diagnostics = read.Diagnostics
            .Select(d => DiagnosticReporter.FromManifest(d, LocationInfo.At(path, text, d.Position.Line, d.Position.Column)))
            .ToList();
        var manifest = read.Manifest;
        var nowhere = new LocationInfo(path, 1, 1, 0, 0);
        if (manifest is null)
        {
            // The reader has reported why; the layout scan is only for presets, and YamlDotNet's scanner can spin
            // on some malformed inputs the reader's parser already rejected, so it is not run on them.
            return new ManifestModel(path, null, nowhere, diagnostics.ToEquatableArray());
        }

        var layout = ManifestLayout.Read(yaml);
        var nameLocation = layout.NamePosition is { } at ? LocationInfo.At(path, text, at.Line, at.Column) : nowhere;

        var preset = new Builder(path, text, layout, nameLocation, diagnostics).Build(manifest, options.Namespace, yaml);
        return new ManifestModel(path, preset, nameLocation, diagnostics.ToEquatableArray());
    }

    /// <summary>Maps one valid manifest to a preset, collecting naming problems as it goes.</summary>
    private sealed class Builder
    {
        private readonly string _path;
        private readonly SourceText _text;
        private readonly ManifestLayout _layout;
        private readonly LocationInfo _nameLocation;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly int _errorsBefore;

        public Builder(string path, SourceText text, ManifestLayout layout, LocationInfo nameLocation, List<DiagnosticInfo> diagnostics)
        {
            _path = path;
            _text = text;
            _layout = layout;
            _nameLocation = nameLocation;
            _diagnostics = diagnostics;
            _errorsBefore = diagnostics.Count(d => d.Severity == RoslynSeverity.Error);
        }

        public PresetSpec? Build(ManifestSpec manifest, string ns, string yaml)
        {
            var typeName = Naming.PascalCase(manifest.Name);
            if (!Naming.IsValidIdentifier(typeName))
            {
                Report(GeneratorDiagnostics.InvalidPresetName, _nameLocation, manifest.Name, typeName, "start the name with a letter");
                return null;
            }
            if (ReservedTypeNames.Contains(typeName))
            {
                Report(GeneratorDiagnostics.InvalidPresetName, _nameLocation, manifest.Name, typeName, "the generator uses that name itself");
                return null;
            }

            // Only the vars the prompt reads are typed: they are the ones an override changes the images with.
            var promptNames = new HashSet<string>(PromptTemplate.Compile(manifest.Prompt).ReferencedNames, System.StringComparer.Ordinal);
            var variables = Members(typeName, RecordMembers.Concat(new[] { typeName }),
                manifest.Vars.Where(v => promptNames.Contains(v.Name)).Select(v => (v.Name, v.Value, v.Position)));
            var defaults = Members(typeName, StaticClassMembers.Concat(new[] { "Defaults" }),
                manifest.Defaults.Select(e => (e.Key, e.Value, e.KeyPosition)));
            var axes = Members(typeName, StaticClassMembers.Concat(new[] { "Sweep" }),
                SweepAxes(manifest.Sweep).Select(a => (a.Name, (ManifestValue)new ListValue(a.Values, a.Position), a.Position)));

            if (_diagnostics.Count(d => d.Severity == RoslynSeverity.Error) > _errorsBefore)
            {
                return null;
            }
            return new PresetSpec(
                ns,
                typeName,
                manifest.Name,
                FileNamePattern.FileName(_path),
                _layout.Header,
                manifest.Model,
                variables,
                defaults,
                axes,
                SeedsOf(manifest.Seeds),
                yaml.Replace("\r\n", "\n").Replace('\r', '\n'));
        }

        private static SeedsSpec SeedsOf(SeedSpec seeds)
        {
            var policy = seeds.Policy;
            var derived = policy is SeedPolicy.Shared or SeedPolicy.PerValue;
            return new SeedsSpec(
                policy.ToString(),
                policy == SeedPolicy.Listed ? seeds.Values!.Count : seeds.Count,
                derived ? seeds.Base : null,
                seeds.Fixed,
                seeds.VaryWith.ToEquatableArray(),
                (seeds.Values ?? new long[0]).ToEquatableArray());
        }

        private static IEnumerable<SweepAxis> SweepAxes(SweepSpec sweep) =>
            sweep.Grid.Concat(sweep.Zip.SelectMany(group => group.Axes));

        /// <summary>Typed members for the entries that have a typed form, each name checked against its container.</summary>
        private EquatableArray<MemberSpec> Members(string typeName, IEnumerable<string> reserved, IEnumerable<(string Key, ManifestValue Value, FluxBatch.Manifest.Diagnostics.SourcePosition Position)> entries)
        {
            var taken = new Dictionary<string, string>(System.StringComparer.Ordinal);
            var reservedNames = new HashSet<string>(reserved, System.StringComparer.Ordinal);
            var members = new List<MemberSpec>();
            foreach (var (key, value, position) in entries)
            {
                if (ValueTyping.TypeOf(value) is not { } type)
                {
                    continue; // maps and mixed lists stay in the embedded manifest, untyped
                }
                var memberName = Naming.PascalCase(key);
                var location = LocationInfo.At(_path, _text, position.Line, position.Column);
                if (!Naming.IsValidIdentifier(memberName))
                {
                    Report(GeneratorDiagnostics.ReservedMemberName, location, key, memberName, typeName, "it is not a valid C# name");
                    continue;
                }
                if (reservedNames.Contains(memberName))
                {
                    Report(GeneratorDiagnostics.ReservedMemberName, location, key, memberName, typeName, "the generated code uses that name");
                    continue;
                }
                if (taken.TryGetValue(memberName, out var other))
                {
                    Report(GeneratorDiagnostics.MemberNameClash, location, other, key, memberName, typeName);
                    continue;
                }
                taken.Add(memberName, key);
                members.Add(new MemberSpec(key, memberName, type, ValueTyping.Literal(value, type), _layout.DocFor(position.Line)));
            }
            return members.ToEquatableArray();
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }
}
