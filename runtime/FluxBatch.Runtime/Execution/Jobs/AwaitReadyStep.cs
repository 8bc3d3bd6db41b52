using FluxBatch.Api;
using FluxBatch.Planning;

namespace FluxBatch.Execution.Jobs;

/// <summary>An image fetched from a Ready task, with what its sidecar records of the wait.</summary>
internal sealed record ReadyImage(byte[] Image, string Status, DateTimeOffset ReadyAt, int Polls);

/// <summary>
/// The middle step of an accepted job: poll it, paced by the run's <see cref="PollPacer"/>, until it is Ready, then
/// download its sample (polling again for a fresh URL when one expires). Returns the image, or null when the job
/// ended here (recorded and counted). Ready frees the API slot for the next job once a delivery place is free.
/// </summary>
internal sealed class AwaitReadyStep(
    IFluxProvider provider, PollPacer pacer, BudgetLedger ledger, DeliveryGate deliveries, ExecutorOptions limits,
    JobRecorder recorder, JobSignals signals)
{
    /// <summary>Beyond the journal's flush time: the next job's own way to its flush (start, budget, queue).</summary>
    private static readonly TimeSpan ForecastMargin = TimeSpan.FromMilliseconds(1);

    private TimeProvider Time => signals.Time;

    public async Task<ReadyImage?> AwaitAsync(PlannedJob job, Accepted accepted, JobSlot slot)
    {
        var plan = pacer.Plan();
        // When times are steady, tell the limiter a journal flush before the task should be Ready, so that the next
        // job's "submitting" is durable by the time this slot frees. Not when they vary: the next job would wait in
        // "submitting" (in doubt after a crash) for a finish that may be far off, to save a flush that is small next
        // to the spread.
        var forecastAt = plan.Steady ? plan.Expected - recorder.DurableWriteTime - ForecastMargin : null;
        var nextPoll = plan.First;
        var polls = 0;
        var refreshes = 0;
        TimeSpan? lastPending = null;
        DateTimeOffset? readyAt = null;
        while (true)
        {
            if (forecastAt is { } forecast && forecast <= nextPoll)
            {
                await WaitUntilAsync(accepted, forecast).ConfigureAwait(false);
                slot.Forecast();
                forecastAt = null;
            }
            await WaitUntilAsync(accepted, nextPoll).ConfigureAwait(false);
            await accepted.Recorded.ConfigureAwait(false);
            polls++;
            var pollSentAt = Time.GetElapsedTime(accepted.Timestamp);
            nextPoll = plan.Next(polls, pollSentAt, pacer.Interval);
            PollResponse poll;
            try
            {
                poll = await provider.PollAsync(accepted.Task, signals.Abort).ConfigureAwait(false);
            }
            catch (FluxApiException e)
            {
                if (e.Kind is FluxErrorKind.OutOfCredits or FluxErrorKind.Forbidden)
                    signals.Stop.Fail(recorder.Redact($"{provider.Name} refused the account while polling ({e.Message}); the run stopped"));
                recorder.LeaveSubmitted(job, $"poll failed: {e.Message}");
                return null;
            }

            if (poll.Status is TaskStatuses.Pending or TaskStatuses.Reasoning or TaskStatuses.Generating)
            {
                lastPending = pollSentAt;
                if (Time.GetElapsedTime(accepted.Timestamp) <= limits.MaxPollDuration)
                    continue;
                recorder.LeaveSubmitted(job, $"still {poll.Status} after {limits.MaxPollDuration.TotalSeconds:0} s");
                return null;
            }
            if (poll.Status != TaskStatuses.Ready)
            {
                Finished(job, accepted, poll);
                return null;
            }

            if (readyAt is null)
            {
                readyAt = Time.GetUtcNow();
                pacer.Observe(plan, lastPending, pollSentAt);
                recorder.Ready(job);
                // No longer an active task at the API: its slot goes to the next job while this one is
                // delivered, once a delivery place is free (so a slow disk holds the submits back).
                await deliveries.EnterAsync(signals.Abort).ConfigureAwait(false);
                slot.MoveToDelivery(deliveries);
            }
            if (!Uri.TryCreate(poll.Result?.Sample, UriKind.Absolute, out var sample))
            {
                recorder.Fail(job, FailureKind.Other, "Ready without a usable sample URL", accepted.CostUsd);
                return null;
            }
            try
            {
                var image = await provider.DownloadAsync(sample, signals.Abort).ConfigureAwait(false);
                return new ReadyImage(image, poll.Status, readyAt.Value, polls);
            }
            catch (FluxApiException e) when (e.Kind == FluxErrorKind.Expired)
            {
                if (refreshes++ < limits.MaxSampleRefreshes)
                {
                    nextPoll = TimeSpan.Zero; // poll again at once for a fresh URL
                    continue;
                }
                // Paid for, and the API re-signs the sample on every poll while it keeps the task: the next
                // run polls again. Only "Task not found" makes it lost.
                recorder.LeaveSubmitted(job, $"the sample URL expired {refreshes} times ({e.Message})");
                return null;
            }
            catch (FluxApiException e)
            {
                recorder.LeaveSubmitted(job, $"download failed: {e.Message}");
                return null;
            }
        }
    }

    /// <summary>A terminal answer other than Ready: moderated (refunded), an error, a task the API forgot.</summary>
    private void Finished(PlannedJob job, Accepted accepted, PollResponse poll)
    {
        var details = ErrorMessages.FromDetails(poll.Details);
        switch (poll.Status)
        {
            case TaskStatuses.RequestModerated or TaskStatuses.ContentModerated:
                ledger.Adjust(accepted.ChargedUsd, 0m); // moderated tasks are not charged
                recorder.Fail(job, FailureKind.Moderated, $"{poll.Status} (not charged): {details}", 0m);
                return;
            case TaskStatuses.Error or TaskStatuses.Failed:
                recorder.Fail(job, FailureKind.TaskError, $"{poll.Status}: {details}", accepted.CostUsd);
                return;
            case TaskStatuses.TaskNotFound:
                var paid = accepted.CostUsd ?? accepted.ChargedUsd;
                recorder.Fail(job, FailureKind.Lost, ResumePolicy.LostReason(accepted.Task.Id, paid), paid);
                return;
            default:
                recorder.Fail(job, FailureKind.Other, $"unexpected status '{poll.Status}': {details}", accepted.CostUsd);
                return;
        }
    }

    /// <summary>Waits until <paramref name="at"/> after the task's submit (at once if that has passed).</summary>
    private async Task WaitUntilAsync(Accepted accepted, TimeSpan at)
    {
        var wait = at - Time.GetElapsedTime(accepted.Timestamp);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, Time, signals.Abort).ConfigureAwait(false);
    }
}
