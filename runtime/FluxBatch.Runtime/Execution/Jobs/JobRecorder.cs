using FluxBatch.Api;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution.Jobs;

/// <summary>
/// Writes what happened to a job: its journal row and the run's tally, always together, every reason through the
/// redactor. The journal rules that make a run resumable: "submitting" is durable before the POST; "submitted"
/// as soon as the answer arrives; a POST whose fate is unknown becomes "in doubt" and is never resent here.
/// </summary>
internal sealed class JobRecorder(RunJournal journal, RunTally tally, SecretRedactor redactor, TimeProvider time)
{
    public RunTally Tally => tally;

    /// <summary>How long a durable write has been taking lately (the poll step forecasts with it).</summary>
    public TimeSpan DurableWriteTime => journal.DurableWriteTime;

    public static JournalRecord Row(PlannedJob job, JobState state) =>
        new(job.Id, job.Index, state, job.OutputFile, job.EstimatedUsd);

    public string Redact(string text) => redactor.Redact(text);

    /// <summary>Durable before the POST: found after a crash, the job is in doubt rather than sent twice.</summary>
    public Task SubmittingAsync(PlannedJob job) => journal.WriteDurableAsync(Row(job, JobState.Submitting));

    /// <summary>Never sent, or definitely not accepted: back to planned (a later run submits it).</summary>
    public void BackToPlanned(PlannedJob job, string? reason = null) =>
        journal.Write(Row(job, JobState.Planned) with { Reason = reason is null ? null : Redact(reason) });

    /// <summary>The API accepted the task: the commit of "submitted" runs while it generates (the first poll waits).</summary>
    public Task AcceptedAsync(PlannedJob job, SubmittedTask task, decimal? costUsd, DateTimeOffset sentAt) =>
        journal.WriteDurableAsync(Row(job, JobState.Submitted) with
        {
            TaskId = task.Id, PollingUrl = task.PollingUrl.AbsoluteUri, CostUsd = costUsd, SubmittedAt = sentAt,
        });

    /// <summary>A POST whose fate is unknown: durable "in doubt", never resent unless the user asks.</summary>
    public async Task InDoubtAsync(PlannedJob job, string reason, DateTimeOffset sentAt)
    {
        var text = Redact(reason);
        await journal.WriteDurableAsync(Row(job, JobState.InDoubt) with { Reason = text, SubmittedAt = sentAt }).ConfigureAwait(false);
        tally.AddInDoubt(Issue(job, text));
    }

    public void Ready(PlannedJob job) => journal.Write(Row(job, JobState.Ready));

    /// <summary>Not awaited for durability: if this row is lost, the next run finds "ready", polls, and fetches again for free.</summary>
    public void Downloaded(PlannedJob job, string sha256, decimal? costUsd, DateTimeOffset at)
    {
        journal.Write(Row(job, JobState.Downloaded) with { Sha256 = sha256, CostUsd = costUsd, FinishedAt = at });
        tally.AddDownloaded();
    }

    /// <summary>Paid for and not delivered: stays "submitted", so the next run polls it again.</summary>
    public void LeaveSubmitted(PlannedJob job, string reason)
    {
        journal.Write(Row(job, JobState.Submitted) with { Reason = Redact(reason + "; the next run polls it again") });
        tally.AddUnfinished();
    }

    /// <summary>As <see cref="LeaveSubmitted"/>, when the journal itself may be failing: its last durable row ("submitted") holds.</summary>
    public void TryLeaveSubmitted(PlannedJob job, string reason)
    {
        try
        {
            LeaveSubmitted(job, reason);
        }
        catch (JournalException)
        {
            tally.AddUnfinished();
        }
    }

    /// <summary>Terminal: the row says failed, with its kind, its reason and what it cost.</summary>
    public void Fail(PlannedJob job, FailureKind kind, string reason, decimal? costUsd = null)
    {
        var text = Redact(reason);
        journal.Write(Row(job, JobState.Failed) with { Reason = text, Failure = kind, CostUsd = costUsd, FinishedAt = time.GetUtcNow() });
        tally.AddFailed(Issue(job, text));
    }

    private static JobIssue Issue(PlannedJob job, string reason) => new(job.Id, job.Index, job.OutputFile, reason);
}
