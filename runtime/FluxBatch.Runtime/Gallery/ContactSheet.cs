namespace FluxBatch.Gallery;

/// <summary>
/// Everything the contact sheet page shows: the jobs of a run (all planned jobs, not only the downloaded ones),
/// the axes found among them, and which two the page opens with as rows and columns.
/// </summary>
/// <param name="Title">The manifest's name.</param>
/// <param name="Notes">Lines about the run (outcome, why it stopped, spend), shown under the title.</param>
/// <param name="Jobs">The jobs shown, in plan order: at most <see cref="ContactSheetOptions.MaxJobs"/>.</param>
/// <param name="TotalJobs">Jobs in the plan; more than <c>Jobs.Count</c> when the sheet was cut.</param>
/// <param name="RowAxis">The axis the page opens with as rows, or null (one row).</param>
/// <param name="ColumnAxis">The axis the page opens with as columns, or null (one column).</param>
internal sealed record ContactSheet(
    string Title,
    IReadOnlyList<string> Notes,
    IReadOnlyList<SheetJob> Jobs,
    long TotalJobs,
    IReadOnlyList<SheetAxis> Axes,
    string? RowAxis,
    string? ColumnAxis)
{
    /// <summary>The axes a sweep is usually read by: steps down, guidance across.</summary>
    public static readonly string[] PreferredAxes = ["steps", "guidance"];

    /// <param name="jobs">The run's jobs in plan order; only the first <see cref="ContactSheetOptions.MaxJobs"/> are read.</param>
    public static ContactSheet Build(string title, IEnumerable<SheetJob> jobs, long totalJobs, IReadOnlyList<string> notes, ContactSheetOptions? options = null)
    {
        options ??= new ContactSheetOptions();
        var shown = jobs.Take(options.MaxJobs).ToArray();
        var axes = SheetAxis.Find(shown);
        var (rows, columns) = ChooseAxes(axes, options.RowAxis, options.ColumnAxis);
        var allNotes = shown.Length < totalJobs
            ? notes.Append($"Showing the first {shown.Length:N0} of {totalJobs:N0} jobs.").ToArray()
            : notes;
        return new ContactSheet(title, allNotes, shown, Math.Max(totalJobs, shown.Length), axes, rows, columns);
    }

    /// <summary>Requested axes when they exist, else steps × guidance, else the first axes found.</summary>
    internal static (string? Rows, string? Columns) ChooseAxes(IReadOnlyList<SheetAxis> axes, string? rowAxis, string? columnAxis)
    {
        var names = axes.Select(a => a.Name).ToList();
        var rows = rowAxis is not null && names.Contains(rowAxis) ? rowAxis : null;
        var columns = columnAxis is not null && names.Contains(columnAxis) && columnAxis != rows ? columnAxis : null;
        var candidates = PreferredAxes.Where(names.Contains).Concat(names).Distinct().ToList();
        rows ??= candidates.FirstOrDefault(n => n != columns);
        columns ??= candidates.FirstOrDefault(n => n != rows);
        return (rows, columns);
    }

    public int CountOf(SheetJobStatus status) => Jobs.Count(j => j.Status == status);

    /// <summary>The key the page keeps its picks under in localStorage: one per run folder, so picks survive rewrites.</summary>
    public string RunKey { get; init; } = "";

    /// <summary>Non-null while the run is going: the page reloads itself at this interval, and stops once the final sheet replaces it.</summary>
    public TimeSpan? Refresh { get; init; }
}

/// <summary>How the contact sheet is built.</summary>
/// <param name="MaxJobs">At most this many jobs are put on the page (default 5,000: a page of tens of thousands
/// of thumbnails is neither useful nor light; the page says when it was cut).</param>
/// <param name="RowAxis">Open with this axis as rows, when the run has it.</param>
/// <param name="ColumnAxis">Open with this axis as columns, when the run has it.</param>
public sealed record ContactSheetOptions(int MaxJobs = 5_000, string? RowAxis = null, string? ColumnAxis = null);
