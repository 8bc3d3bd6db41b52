using System.Collections.Generic;
using System.Linq;
using FluxBatch.Generator.Model;

namespace FluxBatch.Generator.Emitting;

/// <summary>Writes <c>FluxBatchPresets</c>: every preset of the compilation, findable by manifest name.</summary>
internal static class RegistryEmitter
{
    public const string HintName = "FluxBatchPresets.g.cs";

    public static string Emit(string ns, IReadOnlyList<PresetEntry> presets)
    {
        var w = new IndentedWriter();
        SourceHeader.Write(w);
        using (w.Block($"namespace {ns}"))
        {
            Docs.Summary(w, "A preset as the registry lists it.");
            w.Line("/// <param name=\"Name\">The manifest's <c>name</c>.</param>");
            w.Line("/// <param name=\"Type\">The generated preset class.</param>");
            w.Line("/// <param name=\"Model\">The API model.</param>");
            w.Line("/// <param name=\"FileName\">The manifest's file name.</param>");
            w.Line("/// <param name=\"Content\">The manifest's text.</param>");
            w.Line(SourceHeader.GeneratedCodeAttribute);
            w.Line("public sealed record PresetInfo(string Name, global::System.Type Type, string Model, string FileName, string Content);");
            w.Line();
            Docs.Summary(w, "Every preset generated in this assembly, in order of manifest name.");
            w.Line(SourceHeader.GeneratedCodeAttribute);
            using (w.Block("public static class FluxBatchPresets"))
            {
                Docs.Summary(w, "All presets, ordered by name.");
                w.Line("public static global::System.Collections.Generic.IReadOnlyList<PresetInfo> All { get; } = new PresetInfo[]");
                w.Line("{");
                foreach (var preset in presets.OrderBy(p => p.ManifestName, System.StringComparer.Ordinal))
                {
                    var t = preset.TypeName;
                    w.Line($"    new PresetInfo({t}.Name, typeof({t}), {t}.Model, {t}.FileName, {t}.Content),");
                }
                w.Line("};");
                w.Line();
                Docs.Summary(w, "The preset whose manifest is named <paramref name=\"name\"/>, or null.");
                using (w.Block("public static PresetInfo? Find(string name)"))
                {
                    using (w.Block("foreach (var preset in All)"))
                    {
                        w.Line("if (string.Equals(preset.Name, name, global::System.StringComparison.Ordinal)) return preset;");
                    }
                    w.Line("return null;");
                }
            }
        }
        return w.ToString();
    }
}
