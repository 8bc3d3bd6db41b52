namespace FluxBatch.Manifest.Templates;

/// <summary>
/// Limits every manifest template runs under, so a template cannot hang or flood the planner
/// (documented in docs/manifest.md; FLUX2004 names the limit that was hit).
/// </summary>
public static class TemplateLimits
{
    /// <summary>Iterations per render, across nested loops and ranges.</summary>
    public const int LoopLimit = 1_000;

    /// <summary>Nested function calls.</summary>
    public const int RecursiveLimit = 16;

    /// <summary>Characters a single render may produce (a prompt is at most ~32K tokens).</summary>
    public const int OutputLimit = 200_000;
}
