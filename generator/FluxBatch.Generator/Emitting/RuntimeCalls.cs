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
            w.Line("    global::FluxBatch.Planning.Plan.Create(ReadManifest(variables, manifestDirectory));");
        }

        if (runtime.CanRun)
        {
            WriteRunAsync(w);
        }
    }

    /// <summary>
    /// Plans, then runs through the runtime's façade (<c>FluxRuns.RunAsync</c>), which composes the run as
    /// <c>fluxbatch run</c> does: the manifest's run folder, concurrency, budget and <c>budget.shared</c>.
    /// </summary>
    private static void WriteRunAsync(IndentedWriter w)
    {
        w.Line();
        Docs.Summary(w, "Plans this preset and runs every job through <paramref name=\"provider\"/>, writing images, sidecars and the journal into the manifest's run folder (<c>output.dir</c>).");
        w.Line("/// <param name=\"provider\">The API to call: <c>global::FluxBatch.Api.IFluxProvider</c> makes BFL, CometAPI or an emulator.</param>");
        w.Line("/// <param name=\"variables\">Values for the prompt's variables; null keeps the manifest's.</param>");
        w.Line("/// <param name=\"manifestDirectory\">The folder that relative paths (the run folder too) are resolved from; the current directory by default.</param>");
        w.Line("/// <param name=\"options\">Run settings; by default the manifest's <c>concurrency</c> and <c>budget.max_usd</c>; the manifest's <c>budget.shared</c> always applies (it needs <c>Coordinator = \"redis://HOST:PORT\"</c>).</param>");
        w.Line("/// <param name=\"progress\">Told the run's counts as it goes; null: nothing is told.</param>");
        w.Line("/// <param name=\"cancellationToken\">Stops submitting; jobs in flight are finished or recorded for a later run.</param>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The plan is refused (e.g. its estimate exceeds the budget): nothing was submitted.</exception>");
        w.Line("public static global::System.Threading.Tasks.Task<global::FluxBatch.Execution.RunReport> RunAsync(");
        w.Line("    global::FluxBatch.Api.IFluxProvider provider,");
        w.Line("    Variables? variables = null,");
        w.Line("    string? manifestDirectory = null,");
        w.Line("    global::FluxBatch.RunOptions? options = null,");
        w.Line("    global::System.IProgress<global::FluxBatch.Execution.RunProgress>? progress = null,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken = default) =>");
        w.Line("    global::FluxBatch.FluxRuns.RunAsync(Plan(variables, manifestDirectory), provider, options, progress, cancellationToken);");
    }
}
