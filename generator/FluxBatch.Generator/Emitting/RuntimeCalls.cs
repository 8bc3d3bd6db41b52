using FluxBatch.Generator.Model;

namespace FluxBatch.Generator.Emitting;

/// <summary>
/// The preset methods that call the runtime: read the embedded manifest through the shared reader, plan it,
/// run it. Each is written only when the compilation references the API it calls.
/// </summary>
internal static class RuntimeCalls
{
    public static void Write(IndentedWriter w, RuntimeSupport runtime)
    {
        w.Line();
        Docs.Summary(w, "Reads the embedded manifest with the shared reader (the rules the build applied), with <paramref name=\"variables\"/> in place of its vars.");
        w.Line("/// <param name=\"variables\">Values for the prompt's variables; null keeps the manifest's.</param>");
        w.Line("/// <param name=\"manifestDirectory\">The folder that relative paths (references, output) are resolved from; the current directory by default.</param>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The manifest no longer passes its rules here, e.g. a reference image is missing.</exception>");
        using (w.Block("public static global::FluxBatch.Manifest.Model.ManifestSpec ReadManifest(Variables? variables = null, string? manifestDirectory = null)"))
        {
            w.Line("var path = global::System.IO.Path.Combine(manifestDirectory ?? global::System.IO.Directory.GetCurrentDirectory(), FileName);");
            w.Line("var result = global::FluxBatch.Manifest.ManifestReader.Read(path, Content);");
            using (w.Block("if (result.Manifest is null)"))
            {
                w.Line("throw new global::System.InvalidOperationException(string.Join(\"\\n\", result.Diagnostics));");
            }
            w.Line("return variables is null ? result.Manifest : variables.ApplyTo(result.Manifest);");
        }

        if (runtime.CanPlan)
        {
            w.Line();
            Docs.Summary(w, "Plans this preset: its jobs (lazily), their count and estimated cost.");
            w.Line("/// <param name=\"variables\">Values for the prompt's variables; null keeps the manifest's.</param>");
            w.Line("/// <param name=\"manifestDirectory\">The folder that relative paths are resolved from; the current directory by default.</param>");
            w.Line("public static global::FluxBatch.Planning.Plan Plan(Variables? variables = null, string? manifestDirectory = null) =>");
            w.Line("    global::FluxBatch.Planning.Planner.Create(ReadManifest(variables, manifestDirectory));");
        }
    }
}
