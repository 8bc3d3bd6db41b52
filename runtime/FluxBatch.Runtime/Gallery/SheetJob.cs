namespace FluxBatch.Gallery;

/// <summary>How a planned job ended, as the contact sheet labels it. Every planned job has one, so none is a gap.</summary>
public enum SheetJobStatus
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
public sealed record SheetParameter(string Name, string Text);

/// <summary>A planned job as the contact sheet shows it.</summary>
/// <param name="Index">Position in plan order.</param>
/// <param name="Parameters">Sweep values, vars, size and seed number, by name, in plan order: those that vary are the axes.</param>
/// <param name="ImageFile">The image's path relative to the run folder (where it is, or would have been, written).</param>
/// <param name="Reason">Why it failed or did not run, in words; null when done.</param>
public sealed record SheetJob(
    long Index,
    string Id,
    IReadOnlyList<SheetParameter> Parameters,
    string ImageFile,
    SheetJobStatus Status,
    string? Reason)
{
    /// <summary>Shown on hover only, never an axis (e.g. the seed itself, which differs for every combination).</summary>
    public IReadOnlyList<SheetParameter> Details { get; init; } = [];
}
