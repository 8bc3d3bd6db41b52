namespace FluxBatch.Cli.Rendering;

/// <summary>How the JSON output names a plan's files (the snapshot text is the runtime's <c>Plan.ToSnapshotText</c>).</summary>
internal static class PlanText
{
    /// <summary>A local file relative to the manifest (machine-independent); URLs unchanged.</summary>
    public static string RelativePath(string manifestDirectory, string file) =>
        Uri.TryCreate(file, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? file
            : Path.GetRelativePath(manifestDirectory, file).Replace('\\', '/');
}
