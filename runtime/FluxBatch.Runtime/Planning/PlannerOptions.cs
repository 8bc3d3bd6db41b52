namespace FluxBatch.Planning;

/// <summary>Options of <see cref="Planner.Create"/>; the defaults suit the CLI.</summary>
public sealed record PlannerOptions
{
    /// <summary>Reads a local reference image (tests and the generator supply their own). Default: the file system.</summary>
    public Func<string, byte[]> ReadFile { get; init; } = File.ReadAllBytes;

    /// <summary>Distinct renders a template cache keeps before starting over. Default 10,000.</summary>
    public int RenderCacheCapacity { get; init; } = 10_000;
}
