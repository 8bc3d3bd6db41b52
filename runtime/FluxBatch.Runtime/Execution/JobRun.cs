using FluxBatch.Api;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution;

/// <summary>
/// One job's way through the API, shared by all jobs of a run. The journal rules that make a run resumable
/// without paying twice: "submitting" is durable before the POST; "submitted" (task id, polling URL) is durable
/// as soon as the answer arrives; a POST whose fate is unknown becomes "in doubt" and is never resent here.
/// Every reason stored or reported goes through the redactor.
/// </summary>
internal sealed class JobRun(
    IFluxProvider provider,
    RunJournal journal,
    BudgetLedger ledger,
    ConcurrencyLimiter limiter,
    PollPacer pacer,
    DeliveryGate deliveries,
    JobOutputWriter writer,
    RunTally tally,
    RunStop stop,
    ExecutorOptions options,
    SecretRedactor redactor,
    TimeProvider time,
    CancellationToken stopSubmitting,
    CancellationToken abort)
{
    public static JournalRecord Row(PlannedJob job, JobState state) =>
        new(job.Id, job.Index, state, job.OutputFile, job.EstimatedUsd);

    /// <summary>Runs a job the limiter let start; it takes a slot before it submits and gives everything back when done.</summary>
    public async Task RunAsync(PlannedJob job, JournalRecord? prior, ResumeAction action)
    {
        var slot = new Slot(limiter);
        Accepted? accepted = null;
        try
        {
            accepted = action == ResumeAction.Poll
                ? await ResumeAsync(prior!, slot).ConfigureAwait(false)
                : await SubmitAsync(job, slot).ConfigureAwait(false);
            if (accepted is not null)
                await PollAndDownloadAsync(job, accepted, slot).ConfigureAwait(false);
        }
        catch (JournalException e)
        {
            var line = redactor.Redact(StorageFailure.Describe(e, writer.Folder.Root) ?? e.Message);
            stop.FailOnStorage(e, line);
            tally.AddUnfinished();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            tally.AddUnfinished();
        }
        catch (Exception e) when (StorageFailure.Describe(e, writer.Folder.Root) is { } storage)
        {
            // A full disk or a read-only folder: stop the whole run with one line. A paid job stays "submitted"
            // (the next run fetches it); one never sent is left as it was (planned), never "in doubt" or failed.
            stop.FailOnStorage(e, storage);
            if (accepted is not null)
                TryLeaveSubmitted(job, storage);
            else
                tally.AddUnfinished();
        }
        catch (Exception e)
        {
            // A bug or an environment failure. An accepted job is paid for: keep it "submitted" so the
            // next run fetches it; one never accepted is recorded failed. The run goes on either way.
            var reason = $"internal error: {e.GetType().Name}: {e.Message}";
            if (accepted is not null)
                LeaveSubmitted(job, reason);
            else
                Fail(job, reason);
        }
        finally
        {
            slot.Release();
        }
    }

    /// <summary>A task accepted by an earlier run: poll it again (it is active at the API, so it takes a slot).</summary>
    private async Task<Accepted> ResumeAsync(JournalRecord prior, Slot slot)
    {
        await slot.AcquireAsync(abort).ConfigureAwait(false);
        return new Accepted(new SubmittedTask(prior.TaskId!, new Uri(prior.PollingUrl!), null), prior.CostUsd ?? prior.EstimatedUsd,
            prior.CostUsd, prior.SubmittedAt ?? time.GetUtcNow(), time.GetTimestamp(), Task.CompletedTask);
    }

    private async Task<Accepted?> SubmitAsync(PlannedJob job, Slot slot)
    {
        if (stop.Fatal is not null || stopSubmitting.IsCancellationRequested)
        {
            // The run stopped while this job waited to start.
            NotRunAfterStop();
            return null;
        }
        BudgetLedger.Reservation? reservation;
        try
        {
            reservation = await ledger.ReserveAsync(job.EstimatedUsd, stopSubmitting).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            NotRunAfterStop();
            return null;
        }
        if (reservation is null)
        {
            stop.ReachBudget();
            tally.AddNotRun();
            return null;
        }

        FluxRequest request;
        try
        {
            request = await ReferenceInliner.InlineAsync(job, abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            reservation.Release();
            Fail(job, $"reference image unreadable: {e.Message}");
            return null;
        }

        for (var rateLimited = 1; ; rateLimited++)
        {
            await journal.WriteDurableAsync(Row(job, JobState.Submitting)).ConfigureAwait(false);
            if (!await TakeSlotAsync(slot).ConfigureAwait(false))
            {
                // Stopped while it waited: never sent, so back to planned (if this row is lost, "in doubt" is the safe side).
                journal.Write(Row(job, JobState.Planned));
                reservation.Release();
                NotRunAfterStop();
                return null;
            }
            await reservation.MarkSentAsync().ConfigureAwait(false); // a shared budget charges it if this process dies now
            var sentAt = time.GetUtcNow();
            var sentTimestamp = time.GetTimestamp();
            tally.FirstPost.Mark(sentAt, sentTimestamp);
            try
            {
                var task = await provider.SubmitAsync(job.Model, request, abort).ConfigureAwait(false);
                tally.AddSubmission();
                var costUsd = task.CostCredits / 100m;
                var charged = reservation.Settle(costUsd);
                // Durable before anything else is recorded of this job (one writer, in order), but not awaited
                // here: the commit runs while the task generates, and the first poll waits for it.
                var recorded = journal.WriteDurableAsync(Row(job, JobState.Submitted) with
                {
                    TaskId = task.Id, PollingUrl = task.PollingUrl.AbsoluteUri, CostUsd = costUsd, SubmittedAt = sentAt,
                });
                limiter.OnAccepted();
                return new Accepted(task, charged, costUsd, sentAt, sentTimestamp, recorded);
            }
            catch (FluxApiException e) when (e.Kind == FluxErrorKind.RateLimited)
            {
                // Definitely not accepted: back to planned, give the slot back (the limit just shrank), wait, retry.
                limiter.OnRateLimited();
                journal.Write(Row(job, JobState.Planned) with { Reason = Redact(e.Message) });
                slot.GiveBack();
                try
                {
                    var delay = Backoff.Delay(rateLimited, e.RetryAfter, options.RateLimitBackoff, Random.Shared.NextDouble());
                    await Task.Delay(delay, time, stopSubmitting).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    reservation.Release();
                    NotRunAfterStop();
                    return null;
                }
            }
            catch (FluxApiException e) when (e.Kind == FluxErrorKind.InDoubt)
            {
                tally.AddSubmission();
                reservation.Settle(null); // it may be billed: count the estimate
                var reason = Redact($"in doubt: {e.Message}; not resent (it may exist and be billed)");
                await journal.WriteDurableAsync(Row(job, JobState.InDoubt) with { Reason = reason, SubmittedAt = sentAt }).ConfigureAwait(false);
                tally.AddInDoubt(new JobIssue(job.Id, job.Index, job.OutputFile, reason));
                return null;
            }
            catch (FluxApiException e) when (AccountStop.StopsTheRun(e.Kind))
            {
                reservation.Release();
                journal.Write(Row(job, JobState.Planned) with { Reason = Redact(e.Message) });
                stop.Fail(Redact(AccountStop.Reason(provider.Name, e)));
                tally.AddNotRun();
                return null;
            }
            catch (FluxApiException e) when (e.Kind == FluxErrorKind.Moderated)
            {
                // Refused at submission: no task exists and nothing is charged.
                reservation.Release();
                Fail(job, e.Message, costUsd: 0m);
                return null;
            }
            catch (FluxApiException e) when (e.Kind == FluxErrorKind.Transient)
            {
                // Never reached the server (connection refused): nothing billed; a later run submits it.
                reservation.Release();
                journal.Write(Row(job, JobState.Planned) with { Reason = Redact(e.Message) });
                tally.AddUnfinished();
                return null;
            }
            catch (FluxApiException e)
            {
                reservation.Release();
                Fail(job, $"rejected: {e.Message}");
                return null;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // Aborted mid-POST: exactly the in-doubt case; the journal already says "submitting".
                reservation.Settle(null);
                throw;
            }
        }
    }

    /// <summary>A job that did not run because the run stopped: a first Ctrl-C makes the run "interrupted".</summary>
    private void NotRunAfterStop()
    {
        if (stopSubmitting.IsCancellationRequested)
            stop.Interrupt();
        tally.AddNotRun();
    }

    /// <summary>Waits for a slot unless the run stops submitting first; false if it did.</summary>
    private async Task<bool> TakeSlotAsync(Slot slot)
    {
        try
        {
            await slot.AcquireAsync(stopSubmitting).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return stop.Fatal is null && !stopSubmitting.IsCancellationRequested;
    }

    private async Task PollAndDownloadAsync(PlannedJob job, Accepted accepted, Slot slot)
    {
        var plan = pacer.Plan();
        // When times are steady, tell the limiter a journal flush before the task should be Ready, so that the next
        // job's "submitting" is durable by the time this slot frees. Not when they vary: the next job would wait in
        // "submitting" (in doubt after a crash) for a finish that may be far off, to save a flush that is small next
        // to the spread.
        var forecastAt = plan.Steady ? plan.Expected - journal.DurableWriteTime - ForecastMargin : null;
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
            var pollSentAt = time.GetElapsedTime(accepted.Timestamp);
            nextPoll = plan.Next(polls, pollSentAt, pacer.Interval);
            PollResponse poll;
            try
            {
                poll = await provider.PollAsync(accepted.Task, abort).ConfigureAwait(false);
            }
            catch (FluxApiException e)
            {
                if (e.Kind is FluxErrorKind.OutOfCredits or FluxErrorKind.Forbidden)
                    stop.Fail(Redact($"{provider.Name} refused the account while polling ({e.Message}); the run stopped"));
                LeaveSubmitted(job, $"poll failed: {e.Message}");
                return;
            }

            switch (poll.Status)
            {
                case TaskStatuses.Pending or TaskStatuses.Reasoning or TaskStatuses.Generating:
                    lastPending = pollSentAt;
                    if (time.GetElapsedTime(accepted.Timestamp) > options.MaxPollDuration)
                    {
                        LeaveSubmitted(job, $"still {poll.Status} after {options.MaxPollDuration.TotalSeconds:0} s");
                        return;
                    }
                    continue;

                case TaskStatuses.Ready:
                    if (readyAt is null)
                    {
                        readyAt = time.GetUtcNow();
                        pacer.Observe(plan, lastPending, pollSentAt);
                        journal.Write(Row(job, JobState.Ready));
                        // No longer an active task at the API: its slot goes to the next job while this one is
                        // delivered, once a delivery place is free (so a slow disk holds the submits back).
                        await deliveries.EnterAsync(abort).ConfigureAwait(false);
                        slot.Release();
                        slot.HoldDelivery(deliveries);
                    }
                    if (!Uri.TryCreate(poll.Result?.Sample, UriKind.Absolute, out var sample))
                    {
                        Fail(job, "Ready without a usable sample URL", accepted);
                        return;
                    }
                    byte[] image;
                    try
                    {
                        image = await provider.DownloadAsync(sample, abort).ConfigureAwait(false);
                    }
                    catch (FluxApiException e) when (e.Kind == FluxErrorKind.Expired)
                    {
                        if (refreshes++ < options.MaxSampleRefreshes)
                        {
                            nextPoll = TimeSpan.Zero; // poll again at once for a fresh URL
                            continue;
                        }
                        // Paid for, and the API re-signs the sample on every poll while it keeps the task: the next
                        // run polls again. Only "Task not found" makes it lost.
                        LeaveSubmitted(job, $"the sample URL expired {refreshes} times ({e.Message})");
                        return;
                    }
                    catch (FluxApiException e)
                    {
                        LeaveSubmitted(job, $"download failed: {e.Message}");
                        return;
                    }
                    await SaveAsync(job, accepted, image, poll.Status, readyAt, polls).ConfigureAwait(false);
                    return;

                case TaskStatuses.RequestModerated or TaskStatuses.ContentModerated:
                    ledger.Adjust(accepted.ChargedUsd, 0m); // moderated tasks are not charged
                    Fail(job, $"{poll.Status} (not charged): {ErrorMessages.FromDetails(poll.Details)}", accepted with { ChargedUsd = 0m, CostUsd = 0m });
                    return;

                case TaskStatuses.Error or TaskStatuses.Failed:
                    Fail(job, $"{poll.Status}: {ErrorMessages.FromDetails(poll.Details)}", accepted);
                    return;

                case TaskStatuses.TaskNotFound:
                    Fail(job, ResumePolicy.LostReason(accepted.Task.Id, accepted.CostUsd ?? accepted.ChargedUsd), accepted with { CostUsd = accepted.CostUsd ?? accepted.ChargedUsd });
                    return;

                default:
                    Fail(job, $"unexpected status '{poll.Status}': {ErrorMessages.FromDetails(poll.Details)}", accepted);
                    return;
            }
        }
    }

    private async Task SaveAsync(PlannedJob job, Accepted accepted, byte[] image, string status, DateTimeOffset? readyAt, int polls)
    {
        if (stop.DiskFull)
        {
            // Paid and Ready, but the disk is full: leave it "submitted" (the next run polls and fetches it again)
            // rather than take the space the journal needs to record this run's last rows.
            LeaveSubmitted(job, "not written: the disk is full");
            return;
        }
        string sha;
        var downloadedAt = time.GetUtcNow();
        try
        {
            sha = await writer.WriteAsync(new DownloadedJob(job, provider.Name, accepted.Task.Id, status, accepted.CostUsd,
                new JobTimings { SubmittedAt = accepted.SubmittedAt, ReadyAt = readyAt, DownloadedAt = downloadedAt, Polls = polls })
                { PollingUrl = accepted.Task.PollingUrl.AbsoluteUri },
                image, abort).ConfigureAwait(false);
        }
        catch (UnsafeOutputPathException e)
        {
            Fail(job, e.Message, accepted);
            return;
        }
        // Not awaited for durability: if this row is lost, the next run finds "ready", polls, and fetches again for free.
        journal.Write(Row(job, JobState.Downloaded) with { Sha256 = sha, CostUsd = accepted.CostUsd, FinishedAt = downloadedAt });
        tally.AddDownloaded();
        options.OnImageSaved?.Invoke(job);
    }

    /// <summary>As <see cref="LeaveSubmitted"/>, when the journal itself may be failing: its last durable row ("submitted") holds.</summary>
    private void TryLeaveSubmitted(PlannedJob job, string reason)
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

    private void LeaveSubmitted(PlannedJob job, string reason)
    {
        journal.Write(Row(job, JobState.Submitted) with { Reason = Redact(reason + "; the next run polls it again") });
        tally.AddUnfinished();
    }

    private void Fail(PlannedJob job, string reason, Accepted? accepted = null, decimal? costUsd = null)
    {
        var text = Redact(reason);
        journal.Write(Row(job, JobState.Failed) with { Reason = text, CostUsd = costUsd ?? accepted?.CostUsd, FinishedAt = time.GetUtcNow() });
        tally.AddFailed(new JobIssue(job.Id, job.Index, job.OutputFile, text));
    }

    private string Redact(string text) => redactor.Redact(text);

    /// <summary>Waits until <paramref name="at"/> after the task's submit (at once if that has passed).</summary>
    private async Task WaitUntilAsync(Accepted accepted, TimeSpan at)
    {
        var wait = at - time.GetElapsedTime(accepted.Timestamp);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, abort).ConfigureAwait(false);
    }

    /// <summary>Beyond the journal's flush time: the next job's own way to its flush (start, budget, queue).</summary>
    private static readonly TimeSpan ForecastMargin = TimeSpan.FromMilliseconds(1);

    /// <param name="ChargedUsd">What the ledger holds for this job (reported cost, else the estimate).</param>
    /// <param name="CostUsd">The cost the API reported, if any.</param>
    /// <param name="Recorded">The durable write of "submitted"; polling waits for it.</param>
    private sealed record Accepted(
        SubmittedTask Task, decimal ChargedUsd, decimal? CostUsd, DateTimeOffset SubmittedAt, long Timestamp, Task Recorded);

    /// <summary>
    /// What one job holds: its start (from the producer), then a limiter slot while its task is active at the API,
    /// then a delivery place while its image is downloaded and written. Releasing twice is harmless.
    /// </summary>
    private sealed class Slot(ConcurrencyLimiter limiter)
    {
        private Hold _hold = Hold.Started;
        private bool _forecast;
        private DeliveryGate? _delivery;

        private enum Hold { Started, Slot, Nothing }

        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
            _hold = Hold.Slot;
        }

        /// <summary>The task should be Ready about a journal flush from now (once per job).</summary>
        public void Forecast()
        {
            if (_hold != Hold.Slot || _forecast)
                return;
            _forecast = true;
            limiter.Forecast();
        }

        /// <summary>A 429: the slot goes back for a while; the job stays started.</summary>
        public void GiveBack()
        {
            if (_hold != Hold.Slot)
                return;
            limiter.Yield();
            _hold = Hold.Started;
        }

        public void Release()
        {
            if (_hold == Hold.Started)
                limiter.Abandon();
            else if (_hold == Hold.Slot)
                limiter.Release(_forecast);
            _hold = Hold.Nothing;
            _delivery?.Leave();
            _delivery = null;
        }

        public void HoldDelivery(DeliveryGate gate) => _delivery = gate;
    }
}
