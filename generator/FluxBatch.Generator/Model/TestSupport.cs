namespace FluxBatch.Generator.Model;

/// <summary>
/// Whether the compilation is a test project that can check plan snapshots: it references FluxBatch.Testing (and so
/// the planner) and xunit. Only then is a snapshot test emitted per manifest.
/// </summary>
internal static class TestSupport
{
    public const string SnapshotsType = "FluxBatch.Testing.PlanSnapshots";
    public const string FactType = "Xunit.FactAttribute";

    public static bool From(Microsoft.CodeAnalysis.Compilation compilation, System.Threading.CancellationToken _) =>
        compilation.GetTypeByMetadataName(SnapshotsType) is not null
        && compilation.GetTypeByMetadataName(FactType) is not null
        && compilation.GetTypeByMetadataName(RuntimeSupport.PlannerType) is not null;
}
