using FluxBatch.Api;
using FluxBatch.Planning;

namespace FluxBatch.Execution.Jobs;

/// <summary>
/// The first step of a job: reserve its cost, inline its references, record "submitting" durably, take an API slot,
/// POST. Returns the accepted task, or null when the job ended here (recorded and counted). A 429 gives the slot back
/// and tries again after a backoff; nothing that may have reached the server is ever sent twice.
/// </summary>
internal sealed class SubmitStep(
    IFluxProvider provider, BudgetLedger ledger, ConcurrencyLimiter limiter, HttpRetryOptions rateLimitBackoff,
    JobRecorder recorder, JobSignals signals)
{
    private RunTally Tally => recorder.Tally;

    public async Task<Accepted?> SubmitAsync(PlannedJob job, JobSlot slot)
    {
        if (signals.NoNewSubmits)
        {
            // The run stopped while this job waited to start.
            NotRunAfterStop();
            return null;
        }
        if (await ReserveAsync(job).ConfigureAwait(false) is not { } reservation)
            return null;
        FluxRequest request;
        try
        {
            request = await ReferenceInliner.InlineAsync(job, signals.Abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            reservation.Release();
            recorder.Fail(job, FailureKind.ReferenceUnreadable, $"reference image unreadable: {e.Message}");
            return null;
        }

        for (var rateLimited = 1; ; rateLimited++)
        {
            await recorder.SubmittingAsync(job).ConfigureAwait(false);
            if (!await TakeSlotAsync(slot).ConfigureAwait(false))
            {
                // Stopped while it waited: never sent, so back to planned (if this row is lost, "in doubt" is the safe side).
                recorder.BackToPlanned(job);
                reservation.Release();
                NotRunAfterStop();
                return null;
            }
            await reservation.MarkSentAsync().ConfigureAwait(false); // a shared budget charges it if this process dies now
            var sentAt = signals.Time.GetUtcNow();
            var sentTimestamp = signals.Time.GetTimestamp();
            Tally.FirstPost.Mark(sentAt, sentTimestamp);
            try
            {
                var task = await provider.SubmitAsync(job.Model, request, signals.Abort).ConfigureAwait(false);
                Tally.AddSubmission();
                var costUsd = task.CostCredits / 100m;
                var charged = reservation.Settle(costUsd);
                // Durable before anything else is recorded of this job (one writer, in order), but not awaited here.
                var recorded = recorder.AcceptedAsync(job, task, costUsd, sentAt);
                limiter.OnAccepted();
                return new Accepted(task, charged, costUsd, sentAt, sentTimestamp, recorded);
            }
            catch (FluxApiException e) when (e.Kind == FluxErrorKind.RateLimited)
            {
                // Definitely not accepted: back to planned, give the slot back (the limit just shrank), wait, retry.
                limiter.OnRateLimited();
                recorder.BackToPlanned(job, e.Message);
                slot.GiveBack();
                if (!await WaitAfterRateLimitAsync(rateLimited, e.RetryAfter).ConfigureAwait(false))
                {
                    reservation.Release();
                    NotRunAfterStop();
                    return null;
                }
            }
            catch (FluxApiException e)
            {
                await RefusedAsync(job, reservation, e, sentAt).ConfigureAwait(false);
                return null;
            }
            catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
            {
                // Aborted mid-POST: exactly the in-doubt case; the journal already says "submitting".
                reservation.Settle(null);
                throw;
            }
        }
    }

    /// <summary>The job's estimate held against the budget; null when it cannot be (recorded and counted).</summary>
    private async Task<BudgetLedger.Reservation?> ReserveAsync(PlannedJob job)
    {
        BudgetLedger.Reservation? reservation;
        try
        {
            reservation = await ledger.ReserveAsync(job.EstimatedUsd, signals.StopSubmitting).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            NotRunAfterStop();
            return null;
        }
        if (reservation is null)
        {
            signals.Stop.ReachBudget();
            Tally.AddNotRun();
        }
        return reservation;
    }

    /// <summary>A submit the API answered with anything but acceptance or a 429: what that answer means for the job and the run.</summary>
    private async Task RefusedAsync(PlannedJob job, BudgetLedger.Reservation reservation, FluxApiException e, DateTimeOffset sentAt)
    {
        switch (e.Kind)
        {
            case FluxErrorKind.InDoubt:
                Tally.AddSubmission();
                reservation.Settle(null); // it may be billed: count the estimate
                await recorder.InDoubtAsync(job, $"in doubt: {e.Message}; not resent (it may exist and be billed)", sentAt).ConfigureAwait(false);
                return;
            case var kind when AccountStop.StopsTheRun(kind):
                reservation.Release();
                recorder.BackToPlanned(job, e.Message);
                signals.Stop.Fail(recorder.Redact(AccountStop.Reason(provider.Name, e)));
                Tally.AddNotRun();
                return;
            case FluxErrorKind.Moderated:
                // Refused at submission: no task exists and nothing is charged.
                reservation.Release();
                recorder.Fail(job, FailureKind.Moderated, e.Message, costUsd: 0m);
                return;
            case FluxErrorKind.Transient:
                // Never reached the server (connection refused): nothing billed; a later run submits it.
                reservation.Release();
                recorder.BackToPlanned(job, e.Message);
                Tally.AddUnfinished();
                return;
            default:
                reservation.Release();
                recorder.Fail(job, FailureKind.Rejected, $"rejected: {e.Message}");
                return;
        }
    }

    /// <summary>Waits out a 429's backoff; false if the run stopped submitting meanwhile.</summary>
    private async Task<bool> WaitAfterRateLimitAsync(int rateLimited, TimeSpan? retryAfter)
    {
        try
        {
            var delay = Backoff.Delay(rateLimited, retryAfter, rateLimitBackoff, Random.Shared.NextDouble());
            await Task.Delay(delay, signals.Time, signals.StopSubmitting).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits for a slot unless the run stops submitting first; false if it did.</summary>
    private async Task<bool> TakeSlotAsync(JobSlot slot)
    {
        try
        {
            await slot.AcquireAsync(signals.StopSubmitting).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return !signals.NoNewSubmits;
    }

    /// <summary>A job that did not run because the run stopped: a first Ctrl-C makes the run "interrupted".</summary>
    private void NotRunAfterStop()
    {
        if (signals.StopSubmitting.IsCancellationRequested)
            signals.Stop.Interrupt();
        Tally.AddNotRun();
    }
}
