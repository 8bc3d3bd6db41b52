using System.Text.Json;
using FluxBatch.Api;

namespace FluxBatch.Planning;

/// <summary>
/// One job of a plan: everything needed to submit it, account for it and name its output. Made by the planner only.
/// </summary>
public sealed record PlannedJob
{
    internal PlannedJob(long index, string id, string model, FluxRequest request, IReadOnlyList<KeyValuePair<string, object>> parameters,
        decimal estimatedUsd, string outputFile, IReadOnlyList<string> referenceFiles)
    {
        Index = index;
        Id = id;
        Model = model;
        Request = request;
        Parameters = parameters;
        EstimatedUsd = estimatedUsd;
        OutputFile = outputFile;
        ReferenceFiles = referenceFiles;
    }

    /// <summary>Position in plan order, 0-based.</summary>
    public long Index { get; init; }

    /// <summary>Stable content hash of the canonical request (model, every field, rendered prompt, reference images by
    /// content hash). Same manifest, same ids, on any machine.</summary>
    public string Id { get; init; }

    /// <summary>API model id.</summary>
    public string Model { get; init; }

    /// <summary>The exact body to POST (reference images as base64 or URLs are filled in at submit time by the executor
    /// from <see cref="ReferenceFiles"/>, so the plan stays small). The wire record is the runtime's own: callers read
    /// <see cref="Prompt"/>, <see cref="Seed"/> or <see cref="WriteRequestJson"/>.</summary>
    internal FluxRequest Request { get; init; }

    /// <summary>The rendered prompt, as sent.</summary>
    public string Prompt => Request.Prompt;

    /// <summary>The seed sent, or null when the manifest leaves it to the API.</summary>
    public long? Seed => Request.Seed;

    /// <summary>The sweep values and vars of this job, by name, for output templates and sidecars.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Parameters { get; init; }

    /// <summary>Estimated cost from the price table.</summary>
    public decimal EstimatedUsd { get; init; }

    /// <summary>The image's path relative to the run folder, rendered from <c>output.file</c> and sanitized.</summary>
    public string OutputFile { get; init; }

    /// <summary>Reference images (local full paths or URLs) in input_image order.</summary>
    public IReadOnlyList<string> ReferenceFiles { get; init; }

    /// <summary>Which of its combination's seeds this job runs, 1..<see cref="Plan.SeedsPerCombination"/>: with shared
    /// seeds, jobs of equal ordinal in different cells ran the same seed and differ only in their parameters.</summary>
    public int SeedOrdinal { get; init; } = 1;

    /// <summary>Writes the request body as it is POSTed (the API's field names), without the inlined reference images.</summary>
    public void WriteRequestJson(Utf8JsonWriter writer) => JsonSerializer.Serialize(writer, Request, FluxJsonContext.Default.FluxRequest);
}
