using System.Text.Json;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution.Cache;

/// <summary>What the cache did for a run: jobs it delivered (not submitted, not charged) and their estimate.</summary>
/// <param name="Notice">Set when the folder's journal was missing and was rebuilt from its sidecars first.</param>
internal sealed record CacheReport(long Reused, decimal SavedUsd, long Stored, string? Notice);

/// <summary>
/// Before a run submits anything: every job it would submit whose result is in the cache is copied into the run
/// folder instead (image and a sidecar saying so), and journaled <c>downloaded</c> with cost 0 and the reason
/// "delivered from cache", so the run then finds it done and the budget, status and contact sheet count it as
/// delivered with nothing charged. Images the folder already holds, paid here, are added to the cache on the way.
/// Runs under the folder's run lock, as a run does.
/// </summary>
internal static class CacheDelivery
{
    /// <summary>How the reason of a job delivered from the cache begins (words for people; <see cref="JournalRecord.FromCache"/> is the fact).</summary>
    internal const string ReasonPrefix = "delivered from cache";

    public static async Task<CacheReport> DeliverAsync(Plan plan, RunFolder folder, ResultCache cache, ExecutorOptions options, CancellationToken cancellationToken)
    {
        using var runLock = RunLock.Acquire(folder.Root);
        await using var journal = RunJournal.Open(folder.Root);
        string? notice = null;
        // A folder whose journal is gone is first rebuilt from its sidecars (as a run does), so that a job paid here
        // is never mistaken for one to take from the cache or to submit.
        if (journal.CountByState().Values.Sum() == 0 && await SidecarRecovery.RebuildAsync(folder, journal, cancellationToken).ConfigureAwait(false) is > 0 and var rebuilt)
            notice = $"journal.db was missing: rebuilt it from {rebuilt} sidecar(s); their jobs are not submitted again";

        long reused = 0, stored = 0;
        decimal saved = 0;
        foreach (var job in plan.Jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prior = journal.Find(job.Id);
            var intact = prior?.State == JobState.Downloaded && await DownloadedImage.IsIntactAsync(folder, prior, cancellationToken).ConfigureAwait(false);
            if (intact && !IsFromCache(prior!))
            {
                stored += Store(cache, folder, job, prior!) ? 1 : 0;
                continue;
            }
            if (ResumePolicy.Decide(prior, options.ResubmitInDoubt, intact, options.Retry) != ResumeAction.Submit
                || cache.TryGet(job.Id) is not { } hit || !Matches(hit.Sidecar, job)
                || Deliver(folder, plan.Manifest.Name, cache, job, hit) is not { } sha)
                continue;
            journal.Write(Jobs.JobRecorder.Row(job, JobState.Downloaded) with
            {
                Sha256 = sha, CostUsd = 0m, FinishedAt = DateTimeOffset.UtcNow, FromCache = true,
                Reason = $"{ReasonPrefix} {cache.Namespace} (task {hit.Sidecar.TaskId}); nothing charged here",
            });
            reused++;
            saved += job.EstimatedUsd;
        }
        await journal.FlushAsync().ConfigureAwait(false);
        return new CacheReport(reused, saved, stored, notice);
    }

    /// <summary>True for a journal row this class wrote.</summary>
    public static bool IsFromCache(JournalRecord row) => row.FromCache;

    /// <summary>The folder's jobs delivered from the cache, and what they would have cost (their estimate).</summary>
    public static (long Count, decimal SavedUsd) Delivered(RunJournal journal)
    {
        long count = 0;
        decimal saved = 0;
        foreach (var row in journal.InStates([JobState.Downloaded]).Where(IsFromCache))
        {
            count++;
            saved += row.EstimatedUsd;
        }
        return (count, saved);
    }

    /// <summary>
    /// The id digests the whole request; a second look at model, seed and prompt guards against a damaged or
    /// hand-edited entry (a 64-bit id collision would be caught here too).
    /// </summary>
    private static bool Matches(ImageSidecar cached, PlannedJob job) =>
        cached.Model == job.Model && cached.Seed == job.Request.Seed && cached.Prompt == job.Request.Prompt;

    /// <returns>The image's sha256, or null when the job's output path is refused (the run then fails the job with the reason).</returns>
    private static string? Deliver(RunFolder folder, string manifestName, ResultCache cache, PlannedJob job, CachedResult hit)
    {
        string path;
        try
        {
            path = folder.Resolve(job.OutputFile);
        }
        catch (UnsafeOutputPathException)
        {
            return null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, hit.Image);
        var sidecar = hit.Sidecar with
        {
            Index = job.Index,
            Manifest = manifestName,
            File = job.OutputFile.Replace('\\', '/'),
            CostUsd = 0m,
            PollingUrl = null, // the task belongs to the run that paid for it; this folder never polls it
            FromCache = cache.Namespace,
        };
        AtomicFile.Write(JobOutputWriter.SidecarPath(path), JsonSerializer.SerializeToUtf8Bytes(sidecar, OutputJsonContext.Readable.ImageSidecar));
        return hit.Sidecar.Sha256;
    }

    /// <summary>Adds a result paid in this folder to the cache (if it is not there yet); false if it was, or on any file error.</summary>
    internal static bool Store(ResultCache cache, RunFolder folder, PlannedJob job, JournalRecord? row = null)
    {
        try
        {
            if (cache.TryGet(job.Id) is not null)
                return false;
            var path = folder.Resolve(row?.OutputFile ?? job.OutputFile);
            var sidecar = File.ReadAllBytes(JobOutputWriter.SidecarPath(path));
            var record = JsonSerializer.Deserialize(sidecar, OutputJsonContext.Default.ImageSidecar);
            if (record is null || record.JobId != job.Id || record.FromCache is not null)
                return false;
            var image = File.ReadAllBytes(path);
            return AtomicFile.Sha256Hex(image) == record.Sha256 && cache.Put(job.Id, image, sidecar);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or UnsafeOutputPathException)
        {
            return false; // the cache is a saving, never a reason to fail a run
        }
    }
}

/// <summary>
/// Adds each image a run downloads to the cache, off the job's own task (<see cref="ExecutorOptions.OnImageSaved"/>
/// asks for short callbacks): one background writer; disposing waits for it.
/// </summary>
internal sealed class CacheFill : IAsyncDisposable
{
    private readonly System.Threading.Channels.Channel<PlannedJob> _queue = System.Threading.Channels.Channel.CreateUnbounded<PlannedJob>(new() { SingleReader = true });
    private readonly Task _writer;
    private long _stored;

    public CacheFill(ResultCache cache, RunFolder folder)
    {
        _writer = Task.Run(async () =>
        {
            await foreach (var job in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
                if (CacheDelivery.Store(cache, folder, job))
                    Interlocked.Increment(ref _stored);
        });
    }

    /// <summary>Results added so far.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    public void Enqueue(PlannedJob job) => _queue.Writer.TryWrite(job);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
