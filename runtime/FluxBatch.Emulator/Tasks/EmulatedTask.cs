using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Protocol;

namespace FluxBatch.Emulator.Tasks;

/// <summary>
/// One task on the emulated server. Its whole life is fixed at creation (outcome, completion time), and its
/// status is a function of the clock, so nothing needs to run in the background.
/// </summary>
internal sealed class EmulatedTask
{
    private int _polls;
    private int _downloads;
    private int _urlsIssued;

    public required string Id { get; init; }
    public required string RequestHash { get; init; }
    /// <summary>A hash of the submitting key (the key itself is never kept).</summary>
    public required string KeyFingerprint { get; init; }
    public required SubmitRequest Request { get; init; }
    /// <summary>What the image is drawn from: the request's seed, prompt, steps, guidance and references.</summary>
    public required Images.PictureSpec Picture { get; init; }
    public required TaskOutcome Outcome { get; init; }
    public required bool FirstUrlExpired { get; init; }
    public required IReadOnlyList<FaultKind> Triggers { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset CompletesAt { get; init; }
    public required decimal CostCredits { get; init; }
    public required bool Charged { get; init; }
    /// <summary>The dialect it was submitted in: a task is polled in the same one (its account).</summary>
    public required WireDialect Dialect { get; init; }

    public int Polls => Volatile.Read(ref _polls);
    public int Downloads => Volatile.Read(ref _downloads);

    /// <summary>Counts a poll and returns its number (0 for the first).</summary>
    public int NextPoll() => Interlocked.Increment(ref _polls) - 1;

    /// <summary>Counts a download and returns its number (0 for the first).</summary>
    public int NextDownload() => Interlocked.Increment(ref _downloads) - 1;

    /// <summary>Counts an issued sample URL and returns its number (0 for the first).</summary>
    public int NextUrl() => Interlocked.Increment(ref _urlsIssued) - 1;

    public bool IsFinished(DateTimeOffset now) => now >= CompletesAt;

    /// <summary>The status a poll at <paramref name="now"/> sees, with progress while generating.</summary>
    public (string Status, double? Progress) StatusAt(DateTimeOffset now)
    {
        if (Outcome == TaskOutcome.NotFound)
        {
            return (WireStatus.TaskNotFound, null);
        }
        if (!IsFinished(now))
        {
            var fraction = (now - CreatedAt) / (CompletesAt - CreatedAt);
            // The first half is queueing, the second half generation, as the real API reports.
            return fraction < 0.5 ? (WireStatus.Pending, null) : (WireStatus.Generating, Math.Round(fraction, 2));
        }
        return Outcome switch
        {
            TaskOutcome.Ready => (WireStatus.Ready, 1.0),
            TaskOutcome.Error => (WireStatus.Error, null),
            TaskOutcome.Failed => (WireStatus.Failed, null),
            TaskOutcome.RequestModerated => (WireStatus.RequestModerated, null),
            TaskOutcome.ContentModerated => (WireStatus.ContentModerated, null),
            _ => (WireStatus.TaskNotFound, null),
        };
    }

    public EmulatedTaskInfo ToInfo() => new(
        Id, RequestHash, Request.Model, Request.Prompt, Request.Seed, Request.Width, Request.Height,
        Request.Format == Images.ImageFormat.Png ? "png" : "jpeg", Outcome, CostCredits, Charged,
        CreatedAt, CompletesAt, Polls, Downloads);
}
