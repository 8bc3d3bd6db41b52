using System.Collections.Generic;
using System.Linq;
using FluxBatch.Generator.Model;
using FluxBatch.Generator.Parsing;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Emitting;

/// <summary>Writes one preset class from its <see cref="PresetSpec"/>.</summary>
internal static class PresetEmitter
{
    private const string List = "global::System.Collections.Generic.List";
    private const string ModelNs = "global::FluxBatch.Manifest.Model";

    public static string HintName(PresetSpec preset) => preset.TypeName + ".g.cs";

    public static string Emit(PresetSpec preset, RuntimeSupport runtime)
    {
        var w = new IndentedWriter();
        SourceHeader.Write(w);
        using (w.Block($"namespace {preset.Namespace}"))
        {
            Docs.Summary(w, $"The preset of manifest <c>{Docs.Escape(preset.ManifestName)}</c> ({Docs.Escape(preset.FileName)}).");
            Docs.Remarks(w, preset.Summary);
            w.Line(SourceHeader.GeneratedCodeAttribute);
            using (w.Block($"public static partial class {preset.TypeName}"))
            {
                WriteIdentity(w, preset);
                WriteVariables(w, preset, runtime);
                WriteDefaults(w, preset);
                WriteSweep(w, preset);
                WriteSeeds(w, preset.Seeds);
                if (runtime.CanReadManifest)
                {
                    RuntimeCalls.Write(w, runtime);
                }
            }
        }
        return w.ToString();
    }

    private static void WriteIdentity(IndentedWriter w, PresetSpec preset)
    {
        Docs.Summary(w, "The manifest's <c>name</c>.");
        w.Line($"public const string Name = {Literal(preset.ManifestName)};");
        w.Line();
        Docs.Summary(w, "The API model every job of this preset uses.");
        w.Line($"public const string Model = {Literal(preset.Model)};");
        w.Line();
        Docs.Summary(w, "The manifest's file name; relative paths in the manifest are resolved from its folder.");
        w.Line($"public const string FileName = {Literal(preset.FileName)};");
        w.Line();
        Docs.Summary(w, "The manifest's text (LF line endings), embedded so the preset runs without the file.");
        w.Line("public const string Content =");
        var lines = SplitKeepingNewlines(preset.Content);
        for (var i = 0; i < lines.Count; i++)
        {
            w.Line("    " + Literal(lines[i]) + (i == lines.Count - 1 ? ";" : " +"));
        }
    }

    private static void WriteVariables(IndentedWriter w, PresetSpec preset, RuntimeSupport runtime)
    {
        w.Line();
        Docs.Summary(w, "The variables the prompt uses, with the manifest's values as defaults. Set any of them to override it for one plan.");
        using (w.Block("public sealed partial record Variables"))
        {
            var separate = new Separator(w);
            foreach (var variable in preset.Variables)
            {
                separate.Next();
                Docs.Summary(w, variable.Doc, $"<c>{Docs.Escape(variable.Key)}</c> in <c>vars</c>.");
                w.Line($"public {ValueTyping.TypeName(variable.Type)} {variable.MemberName} {{ get; init; }} = {variable.Value};");
            }
            if (runtime.CanReadManifest)
            {
                separate.Next();
                WriteApplyTo(w, preset);
            }
        }
    }

    /// <summary>Replaces the manifest's vars by these values, keeping each var's position for messages.</summary>
    private static void WriteApplyTo(IndentedWriter w, PresetSpec preset)
    {
        Docs.Summary(w, "The manifest with these values in place of its vars.");
        using (w.Block($"public {ModelNs}.ManifestSpec ApplyTo({ModelNs}.ManifestSpec manifest)"))
        {
            w.Line("if (manifest is null) throw new global::System.ArgumentNullException(nameof(manifest));");
            w.Line($"var vars = new {List}<{ModelNs}.Variable>(manifest.Vars.Count);");
            using (w.Block("foreach (var variable in manifest.Vars)"))
            {
                using (w.Block("switch (variable.Name)"))
                {
                    foreach (var variable in preset.Variables)
                    {
                        w.Line($"case {Literal(variable.Key)}:");
                        w.Line($"    vars.Add(variable with {{ Value = PresetValues.From({variable.MemberName}, variable.Position) }});");
                        w.Line("    break;");
                    }
                    w.Line("default:");
                    w.Line("    vars.Add(variable);");
                    w.Line("    break;");
                }
            }
            w.Line("return manifest with { Vars = vars };");
        }
    }

    private static void WriteDefaults(IndentedWriter w, PresetSpec preset) =>
        WriteStaticClass(w, "The request fields under <c>defaults</c>; an axis of the sweep overrides them.", "Defaults", preset.Defaults, field =>
        {
            Docs.Summary(w, field.Doc, $"<c>{Docs.Escape(field.Key)}</c> in <c>defaults</c>.");
            w.Line(field.Type.IsList
                ? $"public static {ValueTyping.TypeName(field.Type)} {field.MemberName} {{ get; }} = {field.Value};"
                : $"public const {ValueTyping.TypeName(field.Type)} {field.MemberName} = {field.Value};");
        });

    private static void WriteSweep(IndentedWriter w, PresetSpec preset) =>
        WriteStaticClass(w, "The values of each sweep axis listed in the manifest (grid and zip), in manifest order.", "Sweep", preset.Axes, axis =>
        {
            Docs.Summary(w, axis.Doc, $"The axis <c>{Docs.Escape(axis.Key)}</c>.");
            w.Line($"public static {ValueTyping.TypeName(axis.Type)} {axis.MemberName} {{ get; }} = {axis.Value};");
        });

    /// <summary>A documented static class with one member per item, a blank line between members.</summary>
    private static void WriteStaticClass<T>(IndentedWriter w, string summary, string name, IEnumerable<T> items, System.Action<T> writeMember)
    {
        w.Line();
        Docs.Summary(w, summary);
        using (w.Block($"public static class {name}"))
        {
            var separate = new Separator(w);
            foreach (var item in items)
            {
                separate.Next();
                writeMember(item);
            }
        }
    }

    /// <summary>
    /// The seed policy as constants: which form, how many seeds per combination, and the form's own values
    /// (base and vary_with, the listed seeds, or the fixed seed). Plain constants, so they need no runtime reference.
    /// </summary>
    private static void WriteSeeds(IndentedWriter w, SeedsSpec seeds)
    {
        w.Line();
        Docs.Summary(w, seeds.Policy switch
        {
            "Fixed" => "The seed policy (<c>seed</c>): one fixed seed for every job.",
            "Listed" => "The seed policy (<c>seeds.values</c>): the listed seeds, run in every combination.",
            "PerValue" => "The seed policy (<c>seeds</c>): seeds derived from the base, the ordinal and the values of the <c>vary_with</c> axes.",
            _ => "The seed policy (<c>seeds</c>): seeds derived from the base and the ordinal alone, the same in every combination.",
        });
        using (w.Block("public static class Seeds"))
        {
            Docs.Summary(w, "The form of the policy: the name of a <c>FluxBatch.Manifest.Model.SeedPolicy</c> member (Fixed, Shared, PerValue, Listed).");
            w.Line($"public const string Policy = {Literal(seeds.Policy)};");
            w.Line();
            Docs.Summary(w, "Seeds per combination of sweep values.");
            w.Line($"public const int Count = {Int(seeds.Count)};");
            if (seeds.Base is { } baseSeed)
            {
                w.Line();
                Docs.Summary(w, "<c>seeds.base</c>: seed k (k = 1..Count) is derived from it and k (docs/planning.md).");
                w.Line($"public const int Base = {Int(baseSeed)};");
                w.Line();
                Docs.Summary(w, "<c>seeds.vary_with</c>: the axes whose values also feed the seeds; empty when every combination runs the same seeds.");
                w.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> VaryWith {{ get; }} = new string[] {{ {string.Join(", ", seeds.VaryWith.Select(Literal))} }};");
            }
            if (seeds.Fixed is { } fixedSeed)
            {
                w.Line();
                Docs.Summary(w, "<c>seed</c>: the seed of every job.");
                w.Line($"public const int Fixed = {Int(fixedSeed)};");
            }
            if (seeds.Policy == "Listed")
            {
                w.Line();
                Docs.Summary(w, "<c>seeds.values</c>: the seeds every combination runs, in this order.");
                w.Line($"public static global::System.Collections.Generic.IReadOnlyList<int> Values {{ get; }} = new int[] {{ {string.Join(", ", seeds.Values.Select(Int))} }};");
            }
        }
    }

    private static string Int(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> SplitKeepingNewlines(string content)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '\n')
            {
                lines.Add(content.Substring(start, i - start + 1));
                start = i + 1;
            }
        }
        if (start < content.Length || lines.Count == 0)
        {
            lines.Add(content.Substring(start));
        }
        return lines;
    }

    /// <summary>A blank line before every member but the first.</summary>
    private sealed class Separator(IndentedWriter w)
    {
        private bool _first = true;

        public void Next()
        {
            if (!_first)
            {
                w.Line();
            }
            _first = false;
        }
    }

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
