namespace FluxBatch.Planning;

/// <summary>Options of <c>Planner.Create</c>; the defaults suit the CLI.</summary>
internal sealed record PlannerOptions
{
    /// <summary>
    /// Reads a local reference image (tests and the generator supply their own). Default: the file system, through
    /// a bounded stream that refuses FIFOs, devices, files over 20 MB and content that is no image.
    /// </summary>
    public Func<string, byte[]> ReadFile { get; init; } = References.BoundedReferenceRead.Read;

    /// <summary>Distinct renders a template cache keeps before starting over. Default 10,000.</summary>
    public int RenderCacheCapacity { get; init; } = 10_000;
}
