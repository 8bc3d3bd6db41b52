using FluxBatch.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Emitting;

/// <summary>
/// Writes the xunit test of one manifest's plan snapshot, in a project that references FluxBatch.Testing: adding a
/// manifest to <c>AdditionalFiles</c> adds its test. The test plans the preset with the manifest's own values and
/// compares with <c>{manifest}.plan.verified.txt</c> beside the manifest, the file <c>fluxbatch plan --check</c> uses.
/// </summary>
internal static class SnapshotTestEmitter
{
    public const string MethodName = "Plan_matches_its_verified_snapshot";

    public static string HintName(PresetSpec preset) => preset.TypeName + ".SnapshotTest.g.cs";

    public static string ClassName(PresetSpec preset) => preset.TypeName + "SnapshotTests";

    /// <param name="manifestDirectory">The manifest's folder on the building machine, where the snapshot lives (the
    /// same absolute path <c>[CallerFilePath]</c> would compile in).</param>
    public static string Emit(PresetSpec preset, string manifestDirectory)
    {
        var w = new IndentedWriter();
        SourceHeader.Write(w);
        using (w.Block($"namespace {preset.Namespace}"))
        {
            Docs.Summary(w, $"The plan snapshot test of manifest <c>{Docs.Escape(preset.ManifestName)}</c> ({Docs.Escape(preset.FileName)}), generated because this project references FluxBatch.Testing (<c>FluxBatchSnapshotTests=false</c> turns it off).");
            w.Line(SourceHeader.GeneratedCodeAttribute);
            using (w.Block($"public sealed class {ClassName(preset)}"))
            {
                Docs.Summary(w, "The manifest's folder: references resolve from it and its snapshot sits in it.");
                w.Line($"private const string ManifestDirectory = {SymbolDisplay.FormatLiteral(manifestDirectory, quote: true)};");
                w.Line();
                Docs.Summary(w, $"The plan equals <c>{Docs.Escape(VerifiedFileName(preset.FileName))}</c>; on a difference the test fails with a summary and a diff and writes the <c>.received.txt</c> beside it (<c>FLUXBATCH_ACCEPT=1</c> accepts, never on CI).");
                w.Line("[global::Xunit.Fact]");
                w.Line($"public global::System.Threading.Tasks.Task {MethodName}() =>");
                w.Line($"    global::FluxBatch.Testing.PlanSnapshots.VerifyManifestAsync({preset.TypeName}.Plan(null, ManifestDirectory));");
            }
        }
        return w.ToString();
    }

    private static string VerifiedFileName(string fileName)
    {
        foreach (var extension in new[] { ".yaml", ".yml" })
        {
            if (fileName.EndsWith(extension, System.StringComparison.OrdinalIgnoreCase))
            {
                return fileName.Substring(0, fileName.Length - extension.Length) + ".plan.verified.txt";
            }
        }
        return fileName + ".plan.verified.txt";
    }
}
