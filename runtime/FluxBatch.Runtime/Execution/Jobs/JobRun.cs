using FluxBatch.Api;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution.Jobs;

/// <summary>
/// One job's way through the API, shared by all jobs of a run: <see cref="SubmitStep"/> (or a task accepted by an
/// earlier run) → <see cref="AwaitReadyStep"/> → <see cref="DeliverStep"/>, each recording through the one
/// <see cref="JobRecorder"/>. Here only what ends a job whichever step it was in: an abort, a storage failure, a bug.
/// </summary>
internal sealed class JobRun(SubmitStep submit, AwaitReadyStep awaitReady, DeliverStep deliver, JobRecorder recorder, ConcurrencyLimiter limiter, JobSignals signals)
{
    /// <summary>The steps of a run's jobs, built once per run. The poll pacer goes to the step that polls, and only there.</summary>
    public static JobRun Create(
        IFluxProvider provider, RunJournal journal, BudgetLedger ledger, ConcurrencyLimiter limiter, JobOutputWriter writer,
        RunTally tally, SecretRedactor redactor, ExecutorOptions options, JobSignals signals)
    {
        var recorder = new JobRecorder(journal, tally, redactor, signals.Time);
        return new JobRun(
            new SubmitStep(provider, ledger, limiter, options.RateLimitBackoff, recorder, signals),
            new AwaitReadyStep(provider, new PollPacer(options.PollInterval, options.Concurrency), ledger,
                new DeliveryGate(options.Concurrency), options, recorder, signals),
            new DeliverStep(writer, provider.Name, options.OnImageSaved, recorder, signals),
            recorder, limiter, signals);
    }

    /// <summary>Runs a job the limiter let start; it takes a slot before it submits and gives everything back when done.</summary>
    public async Task RunAsync(PlannedJob job, JournalRecord? prior, ResumeAction action)
    {
        var slot = new JobSlot(limiter);
        Accepted? accepted = null;
        try
        {
            accepted = action == ResumeAction.Poll
                ? await ResumeAsync(prior!, slot).ConfigureAwait(false)
                : await submit.SubmitAsync(job, slot).ConfigureAwait(false);
            if (accepted is not null && await awaitReady.AwaitAsync(job, accepted, slot).ConfigureAwait(false) is { } ready)
                await deliver.DeliverAsync(job, accepted, ready).ConfigureAwait(false);
        }
        catch (JournalException e)
        {
            var line = recorder.Redact(StorageFailure.Describe(e, deliver.FolderRoot) ?? e.Message);
            signals.Stop.FailOnStorage(e, line);
            recorder.Tally.AddUnfinished();
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            recorder.Tally.AddUnfinished();
        }
        catch (Exception e) when (StorageFailure.Describe(e, deliver.FolderRoot) is { } storage)
        {
            // A full disk or a read-only folder: stop the whole run with one line. A paid job stays "submitted"
            // (the next run fetches it); one never sent is left as it was (planned), never "in doubt" or failed.
            signals.Stop.FailOnStorage(e, storage);
            if (accepted is not null)
                recorder.TryLeaveSubmitted(job, storage);
            else
                recorder.Tally.AddUnfinished();
        }
        catch (Exception e)
        {
            // A bug or an environment failure. An accepted job is paid for: keep it "submitted" so the
            // next run fetches it; one never accepted is recorded failed. The run goes on either way.
            var reason = $"internal error: {e.GetType().Name}: {e.Message}";
            if (accepted is not null)
                recorder.LeaveSubmitted(job, reason);
            else
                recorder.Fail(job, FailureKind.Internal, reason);
        }
        finally
        {
            slot.Release();
        }
    }

    /// <summary>A task accepted by an earlier run: poll it again (it is active at the API, so it takes a slot).</summary>
    private async Task<Accepted> ResumeAsync(JournalRecord prior, JobSlot slot)
    {
        await slot.AcquireAsync(signals.Abort).ConfigureAwait(false);
        return Accepted.FromJournal(prior, signals.Time);
    }
}
