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

        if (runtime.CanRun)
        {
            WriteRunAsync(w);
        }
    }

    /// <summary>
    /// Plans, then runs through the executor into the manifest's run folder (<c>output.dir</c>), with the manifest's
    /// concurrency and budget unless <c>options</c> says otherwise.
    /// </summary>
    private static void WriteRunAsync(IndentedWriter w)
    {
        const string Execution = "global::FluxBatch.Execution";
        w.Line();
        Docs.Summary(w, "Plans this preset and runs every job through <paramref name=\"provider\"/>, writing images, sidecars and the journal into the manifest's run folder (<c>output.dir</c>).");
        w.Line("/// <param name=\"provider\">The API to call: BFL, CometAPI or the emulator.</param>");
        w.Line("/// <param name=\"variables\">Values for the prompt's variables; null keeps the manifest's.</param>");
        w.Line("/// <param name=\"manifestDirectory\">The folder that relative paths (the run folder too) are resolved from; the current directory by default.</param>");
        w.Line("/// <param name=\"options\">Executor settings; by default the manifest's <c>concurrency</c> and <c>budget.max_usd</c>; the manifest's <c>budget.shared</c> always applies (it needs <c>Coordinator = \"redis://HOST:PORT\"</c>).</param>");
        w.Line("/// <param name=\"cancellationToken\">Stops submitting; jobs in flight are finished or recorded for a later run.</param>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The plan is refused (e.g. its estimate exceeds the budget): nothing was submitted.</exception>");
        w.Line($"public static global::System.Threading.Tasks.Task<{Execution}.RunReport> RunAsync(");
        w.Line("    global::FluxBatch.Api.IFluxProvider provider,");
        w.Line("    Variables? variables = null,");
        w.Line("    string? manifestDirectory = null,");
        w.Line($"    {Execution}.ExecutorOptions? options = null,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("{");
        w.Line("    var plan = Plan(variables, manifestDirectory);");
        w.Line("    if (plan.IsRefused) throw new global::System.InvalidOperationException(string.Join(\"\\n\", plan.Diagnostics));");
        w.Line($"    options ??= new {Execution}.ExecutorOptions {{ Concurrency = plan.Manifest.Concurrency, BudgetUsd = plan.Budget?.MaxUsd }};");
        // A team's ledger is never dropped: without a Redis coordinator in the options the executor refuses to start.
        w.Line("    if (plan.Manifest.Budget?.Shared is { } shared) options = options with { SharedBudget = shared };");
        w.Line("    // output.dir is relative to the manifest's folder.");
        w.Line("    var runFolder = global::System.IO.Path.Combine(global::System.IO.Path.GetDirectoryName(plan.Manifest.SourcePath) ?? \".\", plan.RunDirectory);");
        w.Line($"    var context = new {Execution}.RunContext(Name, new global::FluxBatch.Outputs.RunFolder(runFolder), plan.Count);");
        w.Line($"    return new {Execution}.BatchExecutor(provider, context, options).RunAsync(plan.Jobs, cancellationToken);");
        w.Line("}");
    }
}
