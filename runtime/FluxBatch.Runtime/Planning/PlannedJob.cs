using FluxBatch.Api;

namespace FluxBatch.Planning;

/// <summary>
/// One job of a plan: everything needed to submit it, account for it and name its output.
/// </summary>
/// <param name="Index">Position in plan order, 0-based.</param>
/// <param name="Id">Stable content hash of the canonical request (model, every field, rendered prompt,
/// reference images by content hash). Same manifest, same ids, on any machine.</param>
/// <param name="Model">API model id.</param>
/// <param name="Request">The exact body to POST (reference images as base64 or URLs are filled in at submit time
/// by the executor from <paramref name="ReferenceFiles"/>, so the plan stays small).</param>
/// <param name="Parameters">The sweep values and vars of this job, by name, for output templates and sidecars.</param>
/// <param name="EstimatedUsd">Estimated cost from the price table.</param>
/// <param name="OutputFile">The image's path relative to the run folder, rendered from <c>output.file</c> and sanitized.</param>
/// <param name="ReferenceFiles">Reference images (local full paths or URLs) in input_image order.</param>
public sealed record PlannedJob(
    long Index,
    string Id,
    string Model,
    FluxRequest Request,
    IReadOnlyList<KeyValuePair<string, object>> Parameters,
    decimal EstimatedUsd,
    string OutputFile,
    IReadOnlyList<string> ReferenceFiles)
{
    /// <summary>Which of its combination's seeds this job runs, 1..<see cref="Plan.SeedsPerCombination"/>: with shared
    /// seeds, jobs of equal ordinal in different cells ran the same seed and differ only in their parameters.</summary>
    public int SeedOrdinal { get; init; } = 1;
}
