using FluxBatch.Api;

namespace FluxBatch.Execution.Jobs;

/// <summary>A task the API accepted (now, or in an earlier run), as the steps after the submit need it.</summary>
/// <param name="ChargedUsd">What the ledger holds for this job (reported cost, else the estimate).</param>
/// <param name="CostUsd">The cost the API reported, if any.</param>
/// <param name="Timestamp">The submit's <see cref="TimeProvider.GetTimestamp"/>: polls are paced from it.</param>
/// <param name="Recorded">The durable write of "submitted"; polling waits for it.</param>
internal sealed record Accepted(
    SubmittedTask Task, decimal ChargedUsd, decimal? CostUsd, DateTimeOffset SubmittedAt, long Timestamp, Task Recorded)
{
    /// <summary>A task accepted by an earlier run, from its journal row (its "submitted" is already durable).</summary>
    public static Accepted FromJournal(JournalRecord prior, TimeProvider time) =>
        new(new SubmittedTask(prior.TaskId!, new Uri(prior.PollingUrl!), null), prior.CostUsd ?? prior.EstimatedUsd,
            prior.CostUsd, prior.SubmittedAt ?? time.GetUtcNow(), time.GetTimestamp(), System.Threading.Tasks.Task.CompletedTask);
}
