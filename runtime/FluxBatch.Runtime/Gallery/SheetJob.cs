namespace FluxBatch.Gallery;

/// <summary>How a planned job ended, as the contact sheet labels it. Every planned job has one, so none is a gap.</summary>
internal enum SheetJobStatus
{
    /// <summary>The image is on disk: the cell shows its thumbnail.</summary>
    Done,
    /// <summary>Terminal failure (Error, Failed, a 4xx, a lost sample).</summary>
    Failed,
    /// <summary>Request or content moderated (not charged).</summary>
    Moderated,
    /// <summary>The submit may or may not have reached the server.</summary>
    InDoubt,
    /// <summary>Accepted by the server but not yet downloaded; the next run polls it.</summary>
    Unfinished,
    /// <summary>Never submitted: the budget was reached, the run was interrupted, or it has not run yet.</summary>
    NotRun,
}

/// <summary>One value of a job, as text (numbers in invariant culture, as the manifest writes them).</summary>
internal sealed record SheetParameter(string Name, string Text);

/// <summary>A planned job as the contact sheet shows it.</summary>
/// <param name="Index">Position in plan order.</param>
/// <param name="Parameters">Sweep values, vars, size and seed number, by name, in plan order: those that vary are the axes.</param>
/// <param name="ImageFile">The image's path relative to the run folder (where it is, or would have been, written).</param>
/// <param name="Reason">Why it failed or did not run, in words; null when done.</param>
internal sealed record SheetJob(
    long Index,
    string Id,
    IReadOnlyList<SheetParameter> Parameters,
    string ImageFile,
    SheetJobStatus Status,
    string? Reason)
{
    /// <summary>The seed sent (shown as text on the cell), or null when the request carries none.</summary>
    public long? Seed { get; init; }

    /// <summary>The prompt sent, after templating.</summary>
    public string Prompt { get; init; } = "";

    /// <summary>Every other request field sent, under its API name (the lightbox lists them).</summary>
    public IReadOnlyList<SheetParameter> Request { get; init; } = [];

    public decimal EstimatedUsd { get; init; }

    /// <summary>The cost the provider reported (0 for a moderated job); null when it reported none.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What the job cost as far as the run knows: the reported cost, else the estimate for an image on disk.</summary>
    public decimal ChargedUsd => CostUsd ?? (Status == SheetJobStatus.Done ? EstimatedUsd : 0m);

    public JobTimes Times { get; init; } = JobTimes.None;

    public string? TaskId { get; init; }

    /// <summary>The image's scores (docs/scoring.md), from the journal; null until it is scored.</summary>
    public SheetScores? Scores { get; init; }
}

/// <summary>What the sheet and the export show of an image's scores.</summary>
/// <param name="TextFidelity">Mean text fidelity (0..1), or null when the text was not scored (see <paramref name="TextStatus"/>).</param>
/// <param name="TextStatus">scored, no_text_expected, ocr_unavailable or ocr_failed.</param>
internal sealed record SheetScores(double? TextFidelity, double? TextFidelityWorst, string TextStatus, double Sharpness, double Colourfulness)
{
    internal static SheetScores From(Execution.ScoreRecord row) =>
        new(row.TextMean, row.TextWorst, row.TextStatus, row.Sharpness, row.Colourfulness);
}

/// <summary>When a job was submitted, ready on the server, and finished here (downloaded, or failed): from its sidecar, else the journal.</summary>
internal sealed record JobTimes(DateTimeOffset? SubmittedAt, DateTimeOffset? ReadyAt, DateTimeOffset? FinishedAt)
{
    public static readonly JobTimes None = new(null, null, null);

    /// <summary>Submit → ready: what the provider spent on the image, without our polling and download.</summary>
    public double? GenerationSeconds => SubmittedAt is { } s && ReadyAt is { } r ? Math.Max(0, (r - s).TotalSeconds) : null;
}
