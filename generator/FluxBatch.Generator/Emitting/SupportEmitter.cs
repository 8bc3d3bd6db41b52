using FluxBatch.Generator.Model;

namespace FluxBatch.Generator.Emitting;

/// <summary>
/// Code shared by every preset of a compilation, written once: how typed variable values become manifest values.
/// Internal, so two assemblies with presets never clash.
/// </summary>
internal static class SupportEmitter
{
    public const string HintName = "FluxBatchPresetValues.g.cs";

    private const string ModelNs = "global::FluxBatch.Manifest.Model";
    private const string Position = "global::FluxBatch.Manifest.Diagnostics.SourcePosition";

    public static string Emit(string ns)
    {
        var w = new IndentedWriter();
        SourceHeader.Write(w);
        using (w.Block($"namespace {ns}"))
        {
            Docs.Summary(w, "Turns a preset's typed variable values into manifest values at the var's own position.");
            w.Line(SourceHeader.GeneratedCodeAttribute);
            using (w.Block("internal static class PresetValues"))
            {
                Scalar(w, "string", "StringValue", "value ?? throw new global::System.ArgumentNullException(nameof(value))");
                Scalar(w, "int", "IntegerValue", "value");
                Scalar(w, "long", "IntegerValue", "value");
                Scalar(w, "decimal", "NumberValue", "value");
                Scalar(w, "bool", "BoolValue", "value");
                foreach (var type in new[] { "string", "int", "long", "decimal", "bool" })
                {
                    w.Line($"public static {ModelNs}.ManifestValue From(global::System.Collections.Generic.IReadOnlyList<{type}> values, {Position} position)");
                    w.Line("{");
                    w.Line("    if (values is null) throw new global::System.ArgumentNullException(nameof(values));");
                    w.Line($"    var items = new global::System.Collections.Generic.List<{ModelNs}.ManifestValue>(values.Count);");
                    w.Line("    foreach (var value in values) items.Add(From(value, position));");
                    w.Line($"    return new {ModelNs}.ListValue(items, position);");
                    w.Line("}");
                    w.Line();
                }
            }
        }
        return w.ToString();
    }

    private static void Scalar(IndentedWriter w, string type, string valueType, string argument)
    {
        w.Line($"public static {ModelNs}.ManifestValue From({type} value, {Position} position) =>");
        w.Line($"    new {ModelNs}.{valueType}({argument}, position);");
        w.Line();
    }
}
