using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution.Jobs;

/// <summary>
/// The last step of a job: write the fetched image and its sidecar, then record it downloaded. Nothing is written
/// once the disk is full: the job stays "submitted" (paid; the next run fetches it) and the space is the journal's.
/// </summary>
internal sealed class DeliverStep(JobOutputWriter writer, string providerName, Action<PlannedJob>? onImageSaved, JobRecorder recorder, JobSignals signals)
{
    public string FolderRoot => writer.Folder.Root;

    public async Task DeliverAsync(PlannedJob job, Accepted accepted, ReadyImage ready)
    {
        if (signals.Stop.DiskFull)
        {
            // Paid and Ready, but the disk is full: leave it "submitted" (the next run polls and fetches it again)
            // rather than take the space the journal needs to record this run's last rows.
            recorder.LeaveSubmitted(job, "not written: the disk is full");
            return;
        }
        string sha;
        var downloadedAt = signals.Time.GetUtcNow();
        try
        {
            sha = await writer.WriteAsync(new DownloadedJob(job, providerName, accepted.Task.Id, ready.Status, accepted.CostUsd,
                new JobTimings { SubmittedAt = accepted.SubmittedAt, ReadyAt = ready.ReadyAt, DownloadedAt = downloadedAt, Polls = ready.Polls })
                { PollingUrl = accepted.Task.PollingUrl.AbsoluteUri },
                ready.Image, signals.Abort).ConfigureAwait(false);
        }
        catch (UnsafeOutputPathException e)
        {
            recorder.Fail(job, FailureKind.Other, e.Message, accepted.CostUsd);
            return;
        }
        recorder.Downloaded(job, sha, accepted.CostUsd, downloadedAt);
        onImageSaved?.Invoke(job);
    }
}
