using System.Globalization;
using System.Text.Json;
using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>
/// The contact sheet of a run folder: every job of the plan (so jobs that never ran still get a cell), each with
/// its state from the run's journal, and the run's summary from <c>run.json</c>. Call it after a run, or any time
/// on a run folder (<c>fluxbatch gallery</c>).
/// </summary>
public static class RunContactSheet
{
    /// <summary>Journal meta key holding the manifest's full path, so the sheet can be rebuilt from the folder alone.</summary>
    public const string ManifestPathMeta = "manifest_path";

    /// <summary>Builds the sheet of <paramref name="plan"/> in <paramref name="runDirectory"/> and writes <c>index.html</c> there.</summary>
    /// <returns>The page's full path.</returns>
    public static async Task<string> WriteAsync(string runDirectory, Plan plan, ContactSheetOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ContactSheetOptions();
        var folder = new RunFolder(runDirectory);
        var summary = await ReadSummaryAsync(folder, cancellationToken).ConfigureAwait(false);
        ContactSheet sheet;
        await using (var journal = RunJournal.Open(folder.Root))
        {
            journal.SetMeta(ManifestPathMeta, Path.GetFullPath(plan.Manifest.SourcePath));
            var notRunReason = NotRunReason(summary);
            var jobs = plan.Jobs.Take(options.MaxJobs)
                .Select(job => PlannedJobView.ToSheetJob(job, plan.SeedsPerCombination, journal.Find(job.Id), folder, notRunReason));
            sheet = ContactSheet.Build(plan.Manifest.Name, jobs, plan.Count, Notes(summary), options);
        }
        return await ContactSheetWriter.WriteAsync(folder.Root, sheet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest a sheet was last written for in this folder, or null.</summary>
    public static async Task<string?> RecordedManifestAsync(string runDirectory)
    {
        if (!File.Exists(Path.Combine(runDirectory, RunJournal.FileName)))
            return null;
        await using var journal = RunJournal.Open(runDirectory);
        return journal.GetMeta(ManifestPathMeta);
    }

    /// <summary>A job's state in the journal as the sheet labels it.</summary>
    internal static (SheetJobStatus Status, string? Reason) StatusOf(JournalRecord? row, Func<string, bool> imageExists, string notRunReason) => row switch
    {
        null => (SheetJobStatus.NotRun, notRunReason),
        { State: JobState.Planned } => (SheetJobStatus.NotRun, row.Reason ?? notRunReason),
        { State: JobState.Downloaded } when imageExists(row.OutputFile) => (SheetJobStatus.Done, null),
        { State: JobState.Downloaded } => (SheetJobStatus.Unfinished, "the image is missing from the folder; the next run fetches it again"),
        { State: JobState.Failed } when IsModeration(row.Reason) => (SheetJobStatus.Moderated, row.Reason),
        { State: JobState.Failed } => (SheetJobStatus.Failed, row.Reason ?? "failed"),
        { State: JobState.InDoubt } => (SheetJobStatus.InDoubt, row.Reason ?? "the submit may or may not have reached the server"),
        _ => (SheetJobStatus.Unfinished, row.Reason ?? "submitted; the next run polls it"),
    };

    /// <summary>The executor writes a moderated job's reason starting with the API's status text.</summary>
    private static bool IsModeration(string? reason) =>
        reason is not null && (reason.StartsWith(TaskStatuses.RequestModerated, StringComparison.Ordinal)
            || reason.StartsWith(TaskStatuses.ContentModerated, StringComparison.Ordinal));

    private static string NotRunReason(RunSummary? summary) => summary?.Outcome switch
    {
        nameof(RunOutcome.BudgetReached) => "budget reached",
        nameof(RunOutcome.Interrupted) => "the run was interrupted",
        nameof(RunOutcome.Stopped) => "the run stopped: " + summary.StopReason,
        _ => "not run yet",
    };

    private static IReadOnlyList<string> Notes(RunSummary? summary)
    {
        if (summary is null)
            return ["No run.json in this folder: states come from the journal alone."];
        var spend = summary.BudgetUsd is { } budget
            ? $"spent ${Money(summary.SpentUsd)} of ${Money(budget)} budget"
            : $"spent ${Money(summary.SpentUsd)}";
        var notes = new List<string> { $"Last run: {summary.Outcome} via {summary.Provider}, {spend}, {summary.ElapsedSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s." };
        if (summary.StopReason is { } reason)
            notes.Add("Stopped: " + reason);
        return notes;
    }

    private static string Money(decimal usd) => usd.ToString("0.00##", CultureInfo.InvariantCulture);

    private static async Task<RunSummary?> ReadSummaryAsync(RunFolder folder, CancellationToken cancellationToken)
    {
        if (!File.Exists(folder.SummaryPath))
            return null;
        await using var stream = File.OpenRead(folder.SummaryPath);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, OutputJsonContext.Default.RunSummary, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null; // a damaged summary must not stop the sheet: the journal still has every state
        }
    }
}
