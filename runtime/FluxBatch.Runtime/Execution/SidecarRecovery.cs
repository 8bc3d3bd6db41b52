using System.Text.Json;
using FluxBatch.Outputs;

namespace FluxBatch.Execution;

/// <summary>
/// The sidecars are a second record of what was paid for: each names its job, task, polling URL, cost and the
/// image's sha256. When a run folder has sidecars but no journal.db (deleted by hand, or lost with its WAL), the
/// journal is rebuilt from them before anything is submitted, so no job whose image and sidecar are there is paid
/// for again. A sidecar whose image is missing or altered becomes a job to poll (the resume policy polls a
/// "downloaded" row whose image does not match); without a polling URL it is "in doubt", never resent unasked.
/// </summary>
internal static class SidecarRecovery
{
    /// <summary>Rows written from sidecars (0 when there were none).</summary>
    public static async Task<int> RebuildAsync(RunFolder folder, RunJournal journal, CancellationToken cancellationToken)
    {
        var rebuilt = 0;
        foreach (var path in Directory.EnumerateFiles(folder.Root, "*.json", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(path, folder.SummaryPath, StringComparison.Ordinal) || Read(path) is not { } sidecar)
                continue;
            journal.Write(Row(sidecar));
            rebuilt++;
        }
        await journal.FlushAsync().ConfigureAwait(false);
        return rebuilt;
    }

    private static JournalRecord Row(ImageSidecar sidecar)
    {
        var row = new JournalRecord(sidecar.JobId, sidecar.Index, JobState.Downloaded, sidecar.File, sidecar.EstimatedUsd,
            sidecar.CostUsd, sidecar.TaskId, sidecar.PollingUrl, sidecar.Sha256, "rebuilt from its sidecar (journal.db was missing)",
            sidecar.Timings.SubmittedAt, sidecar.Timings.DownloadedAt);
        if (sidecar.FromCache is not null) // delivered from the cache: nothing was paid here, and no task to poll
            return row with { CostUsd = 0m, TaskId = null, PollingUrl = null, FromCache = true, Reason = $"{Cache.CacheDelivery.ReasonPrefix} {sidecar.FromCache} (rebuilt from its sidecar)" };
        return sidecar.PollingUrl is null
            ? row with
            {
                State = JobState.InDoubt, Sha256 = null,
                Reason = $"journal.db was missing; the sidecar names task {sidecar.TaskId} but no polling URL, so it cannot be fetched again here",
            }
            : row;
    }

    private static ImageSidecar? Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, OutputJsonContext.Readable.ImageSidecar);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null; // not a sidecar (a user's own .json), or unreadable: it records nothing
        }
    }
}
