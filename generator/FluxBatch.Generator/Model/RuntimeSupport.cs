namespace FluxBatch.Generator.Model;

/// <summary>
/// Which FluxBatch runtime APIs the compilation can call. A project that only wants the typed constants need not
/// reference the runtime; each generated method that calls it appears only when its API is referenced.
/// </summary>
/// <param name="CanReadManifest">FluxBatch.Manifest (the shared reader) is referenced.</param>
/// <param name="CanPlan">The runtime planner is referenced.</param>
/// <param name="CanRun">The runtime's run façade (<c>FluxBatch.FluxRuns</c>) is referenced.</param>
internal sealed record RuntimeSupport(bool CanReadManifest, bool CanPlan, bool CanRun)
{
    public const string ManifestReaderType = "FluxBatch.Manifest.ManifestReader";
    public const string PlannerType = "FluxBatch.Planning.Plan";
    public const string ExecutorType = "FluxBatch.FluxRuns";

    public static RuntimeSupport From(Microsoft.CodeAnalysis.Compilation compilation, System.Threading.CancellationToken _)
    {
        var reader = compilation.GetTypeByMetadataName(ManifestReaderType) is not null;
        var planner = reader && compilation.GetTypeByMetadataName(PlannerType) is not null;
        var executor = planner && compilation.GetTypeByMetadataName(ExecutorType) is not null;
        return new RuntimeSupport(reader, planner, executor);
    }
}
