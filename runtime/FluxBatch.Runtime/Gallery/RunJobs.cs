using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>
/// What a run folder knows about each planned job, in plan order: its state, cost and task from the journal, and
/// for an image on disk the timings of its sidecar (submit → ready is the provider's time, which the journal does
/// not hold). One reader for the contact sheet, the live sheet, <c>export</c> and <c>compare</c>, so they agree.
/// </summary>
internal sealed class RunJobs
{
    private readonly RunFolder _folder;
    // A sidecar never changes once written: the live sheet, rewritten every few seconds, reads each one once.
    private readonly Dictionary<string, JobTimes> _sidecarTimes = new(StringComparer.Ordinal);

    public RunJobs(string runDirectory)
    {
        _folder = new RunFolder(runDirectory);
    }

    public string Root => _folder.Root;

    /// <summary>Every job of <paramref name="plan"/> with what <paramref name="journal"/> and the folder say about it.</summary>
    /// <param name="notRunReason">Why a job without a journal row did not run (from the run's outcome).</param>
    public IEnumerable<SheetJob> Read(Plan plan, RunJournal journal, string notRunReason)
    {
        var scores = journal.Scores.All(); // one row per scored image: read at once, like the sheet's other facts
        foreach (var job in plan.Jobs)
        {
            var sheetJob = Read(job, plan.SeedsPerCombination, journal.Find(job.Id), notRunReason);
            yield return scores.TryGetValue(job.Id, out var score) && sheetJob.Status == SheetJobStatus.Done
                ? sheetJob with { Scores = SheetScores.From(score) }
                : sheetJob;
        }
    }

    internal SheetJob Read(PlannedJob job, int seedsPerCombination, JournalRecord? row, string notRunReason)
    {
        var (status, reason) = StatusOf(row, file => File.Exists(Path.Combine(_folder.Root, file)), notRunReason);
        var times = row is null ? JobTimes.None : new JobTimes(row.SubmittedAt, null, row.FinishedAt);
        if (status == SheetJobStatus.Done)
            times = SidecarTimes(job, row!) ?? times;
        return PlannedJobView.ToSheetJob(job, seedsPerCombination, status, reason) with
        {
            CostUsd = row?.CostUsd,
            TaskId = row?.TaskId,
            Times = times,
        };
    }

    /// <summary>A job's state in the journal as the sheet labels it (moderation from the row's typed failure kind).</summary>
    internal static (SheetJobStatus Status, string? Reason) StatusOf(JournalRecord? row, Func<string, bool> imageExists, string notRunReason) => row switch
    {
        null => (SheetJobStatus.NotRun, notRunReason),
        { State: JobState.Planned } => (SheetJobStatus.NotRun, row.Reason ?? notRunReason),
        { State: JobState.Downloaded } when imageExists(row.OutputFile) => (SheetJobStatus.Done, null),
        { State: JobState.Downloaded } => (SheetJobStatus.Unfinished, "the image is missing from the folder; the next run fetches it again"),
        { State: JobState.Failed, Failure: FailureKind.Moderated } => (SheetJobStatus.Moderated, row.Reason),
        { State: JobState.Failed } => (SheetJobStatus.Failed, row.Reason ?? "failed"),
        { State: JobState.InDoubt } => (SheetJobStatus.InDoubt, row.Reason ?? "the submit may or may not have reached the server"),
        _ => (SheetJobStatus.Unfinished, row.Reason ?? "submitted; the next run polls it"),
    };

    private JobTimes? SidecarTimes(PlannedJob job, JournalRecord row)
    {
        if (_sidecarTimes.TryGetValue(job.Id, out var known))
            return known;
        var path = Path.Combine(_folder.Root, row.OutputFile + ".json");
        try
        {
            using var stream = File.OpenRead(path);
            var sidecar = JsonSerializer.Deserialize(stream, OutputJsonContext.Default.ImageSidecar);
            if (sidecar is null || sidecar.JobId != job.Id)
                return null;
            var timings = sidecar.Timings;
            return _sidecarTimes[job.Id] = new JobTimes(timings.SubmittedAt ?? row.SubmittedAt, timings.ReadyAt, timings.DownloadedAt ?? row.FinishedAt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null; // a missing or damaged sidecar costs the cell its timings, not the sheet
        }
    }
}
