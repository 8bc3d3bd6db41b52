using FluxBatch.Manifest.Pricing;
using System.Text.Json;
using FluxBatch.Api;
using FluxBatch.Execution.Jobs;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution;

/// <summary>Where a run writes and what it is called.</summary>
/// <param name="TotalJobs">The plan's job count (the plan is streamed, so it is not counted here).</param>
/// <param name="Source">Recorded in the journal, so <c>status</c> can count against the plan that ran.</param>
internal sealed record RunContext(string ManifestName, RunFolder Folder, long TotalJobs, PlanSource? Source = null);

/// <summary>
/// Runs one plan against one provider, once. Jobs are pulled from the plan one at a time, only when a slot is free,
/// so memory does not depend on the plan's size. Each job goes submit → poll → download → write, recorded in the
/// journal (see <see cref="Jobs.JobRun"/>). Two tokens: <c>stopSubmitting</c> (first Ctrl-C: no new submits, in-flight
/// jobs finish) and <c>abort</c> (stop waiting on the API; accepted jobs stay "submitted" for the next run).
/// </summary>
internal sealed class BatchExecutor
{
    private readonly IFluxProvider _provider;
    private readonly SecretRedactor _redactor;
    private readonly ExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly RunContext _context;
    private readonly RunTally _tally;
    private readonly ConcurrencyLimiter _limiter;
    private readonly long _startedAt;
    private DateTimeOffset _startedAtUtc;
    private BudgetLedger _ledger;

    public BatchExecutor(IFluxProvider provider, RunContext context, ExecutorOptions options, SecretRedactor? redactor = null, TimeProvider? time = null)
    {
        _provider = provider;
        _context = context;
        _options = options.Validate();
        _redactor = redactor ?? provider.Redactor;
        _time = time ?? TimeProvider.System;
        _tally = new RunTally(_options.ListedIssues);
        _limiter = new ConcurrencyLimiter(_options.Concurrency, _time);
        _ledger = new BudgetLedger(_options.BudgetUsd);
        _startedAt = _time.GetTimestamp();
    }

    public RunProgress Progress => new(
        _context.TotalJobs, _tally.Finished, _tally.Downloaded, _tally.AlreadyDone, _tally.Failed, _tally.InDoubt,
        _tally.Unfinished, _tally.NotRun,
        _limiter.InFlight, _limiter.CurrentLimit, _ledger.SpentUsd, _ledger.ReservedUsd, _ledger.MaxUsd, _time.GetElapsedTime(_startedAt));

    /// <summary>
    /// Completes when the run's first POST is about to go out (never, if it sends none): work the first POST does not
    /// need (the live contact sheet) waits for it, so that start-up is not spent on it.
    /// </summary>
    public Task FirstPostSent => _tally.FirstPost.Sent;

    public async Task<RunReport> RunAsync(IEnumerable<PlannedJob> jobs, CancellationToken stopSubmitting, CancellationToken abort = default)
    {
        _startedAtUtc = _time.GetUtcNow();
        using var runLock = RunLock.Acquire(_context.Folder.Root);
        RunJournal journal;
        try
        {
            journal = RunJournal.Open(_context.Folder.Root, _time);
        }
        catch (Exception e) when (StorageFailure.Describe(e, _context.Folder.Root) is { } storage)
        {
            return StoppedBeforeFirstJob(storage);
        }
        await using var _ = journal;
        // A journal with no job rows is as good as missing (the live contact sheet may have created it a moment ago
        // for its own meta): the sidecars in the folder are then the only record of what was paid.
        var journalWasMissing = journal.CountByState().Values.Sum() == 0;
        try
        {
            journal.SetMeta([.. Meta().Entries(), .. _context.Source?.ToMeta() ?? []]);
        }
        catch (Exception e) when (StorageFailure.Describe(e, _context.Folder.Root) is { } storage)
        {
            return StoppedBeforeFirstJob(storage);
        }
        var notices = new List<string>();
        if (journalWasMissing && await SidecarRecovery.RebuildAsync(_context.Folder, journal, abort).ConfigureAwait(false) is > 0 and var rebuilt)
            notices.Add($"journal.db was missing: rebuilt it from {rebuilt} sidecar(s); their jobs are not submitted again");
        var stop = new RunStop();
        DiskReserve? reserve;
        try
        {
            reserve = DiskReserve.Create(_context.Folder.Root, _options.Concurrency);
        }
        catch (Exception e) when (StorageFailure.Describe(e, _context.Folder.Root) is { } storage)
        {
            return StoppedBeforeFirstJob(storage);
        }
        using var heldUntilTheRunEnds = reserve;
        if (reserve is not null)
            journal.KeepReserve(reserve, e => stop.FailOnStorage(e, _redactor.Redact(StorageFailure.Describe(e, _context.Folder.Root)!)));
        await using var coordination = await OpenCoordinationAsync(stop).ConfigureAwait(false);
        if (coordination is null)
        {
            _tally.AddNotRun(_context.TotalJobs);
            return BuildReport(stop);
        }
        if (coordination.Slots is { } accountSlots)
            _limiter.ShareAccount(accountSlots);
        _ledger = new BudgetLedger(_options.BudgetUsd, journal.CommittedSpendUsd(), journal.ObservedCostRatio(), coordination.Budget);
        if (coordination.Budget is { } shared && await SharedBudgetExhaustedAsync(shared, abort).ConfigureAwait(false) is { } exhausted)
        {
            stop.ReachBudget(exhausted);
            _tally.AddNotRun(_context.TotalJobs);
            return BuildReport(stop);
        }

        var writer = new JobOutputWriter(_context.Folder, _context.ManifestName, _redactor);
        var jobRun = JobRun.Create(_provider, journal, _ledger, _limiter, writer, _tally, _redactor, _options,
            new JobSignals(stop, _time, stopSubmitting, abort));
        var inFlight = new InFlightJobs();

        long classified = 0;
        try
        {
            foreach (var job in jobs)
            {
                if (stopSubmitting.IsCancellationRequested)
                {
                    stop.Interrupt();
                    break;
                }
                if (stop.Fatal is not null)
                    break;
                classified++;
                var prior = journal.Find(job.Id);
                var action = ResumePolicy.Decide(prior, _options.ResubmitInDoubt,
                    prior?.State == JobState.Downloaded && await DownloadedImage.IsIntactAsync(_context.Folder, prior, abort).ConfigureAwait(false), _options.Retry);
                if (!Dispatchable(action, prior, journal, job, stop))
                    continue;
                try
                {
                    await _limiter.StartAsync(stopSubmitting).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    stop.Interrupt();
                    _tally.AddNotRun();
                    break;
                }
                inFlight.Start(() => jobRun.RunAsync(job, prior, action));
            }
        }
        catch (JournalException e) when (StorageFailure.Describe(e, _context.Folder.Root) is { } storage)
        {
            // The producer's own journal reads and writes (settling done, failed or in-doubt jobs) met the full
            // disk after the reserve was spent: the same one stop line as a job's failure, not an escaped error.
            stop.FailOnStorage(e, _redactor.Redact(storage));
        }
        finally
        {
            await inFlight.WhenAllAsync().ConfigureAwait(false);
            await journal.FlushAsync().ConfigureAwait(false);
        }

        _tally.AddNotRun(Math.Max(0, _context.TotalJobs - classified));
        var report = BuildReport(stop) with { Notices = notices };
        try
        {
            WriteSummary(report);
        }
        catch (IOException e) when (StorageFailure.Describe(e, _context.Folder.Root) is not null)
        {
            // The stop line already says why; the journal, not run.json, is the record the next run reads.
            report = report with { Notices = [.. notices, "run.json was not written (no space left or read-only)"] };
        }
        return report;
    }

    /// <summary>The disk filled (or the folder turned read-only) before the first job: nothing was sent, say so once.</summary>
    private RunReport StoppedBeforeFirstJob(string storage)
    {
        var early = new RunStop();
        early.Fail(_redactor.Redact(storage));
        _tally.AddNotRun(_context.TotalJobs);
        return BuildReport(early);
    }

    /// <summary>The coordinator the options name; null (with the reason in <paramref name="stop"/>) when it cannot be had.</summary>
    private async Task<Coordination.RunCoordination?> OpenCoordinationAsync(RunStop stop)
    {
        try
        {
            return await Coordination.RunCoordination.OpenAsync(_options).ConfigureAwait(false);
        }
        catch (Coordination.CoordinatorUnavailableException e)
        {
            stop.Fail(_redactor.Redact(e.Message));
            return null;
        }
    }

    /// <summary>A run does not start on a shared ledger already spent: the reason, or null when there is room.</summary>
    private static async Task<string?> SharedBudgetExhaustedAsync(Coordination.ISharedBudget shared, CancellationToken abort)
    {
        var ledger = await shared.ReadAsync(abort).ConfigureAwait(false);
        return ledger.SpentUsd < shared.MaxUsd ? null
            : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"shared budget '{shared.Name}' is exhausted: spent {UsdText.Format(ledger.SpentUsd)} of {UsdText.Format(shared.MaxUsd)} by every run sharing it; nothing was submitted");
    }

    private RunMeta Meta() => new(_context.ManifestName, _context.TotalJobs, _provider.Name, _options.BudgetUsd, _options.SharedBudget);

    /// <summary>Settles a job that needs no slot (done, failed, in doubt, over budget); true if it must run.</summary>
    private bool Dispatchable(ResumeAction action, JournalRecord? prior, RunJournal journal, PlannedJob job, RunStop stop)
    {
        switch (action)
        {
            case ResumeAction.Skip:
                _tally.AddAlreadyDone();
                return false;
            case ResumeAction.Failed:
                _tally.AddFailed(new JobIssue(job.Id, job.Index, job.OutputFile, prior!.Reason ?? "failed in an earlier run"));
                return false;
            case ResumeAction.InDoubt:
                var reason = prior!.Reason ?? "the submit was interrupted before any answer: the task may exist and be billed";
                if (prior.State != JobState.InDoubt)
                    journal.Write(Jobs.JobRecorder.Row(job, JobState.InDoubt) with { Reason = reason });
                _tally.AddInDoubt(new JobIssue(job.Id, job.Index, job.OutputFile, reason));
                return false;
            case ResumeAction.Submit when stop.BudgetReached:
                // Keep scanning: jobs accepted by an earlier run still need polling, but nothing new is sent.
                _tally.AddNotRun();
                return false;
            case ResumeAction.Submit when prior is null:
                journal.Write(Jobs.JobRecorder.Row(job, JobState.Planned));
                return true;
            default:
                return true;
        }
    }

    private RunReport BuildReport(RunStop stop)
    {
        var failedOrOpen = _tally.Failed + _tally.InDoubt + _tally.Unfinished;
        var outcome = stop.Fatal is not null ? RunOutcome.Stopped
            : stop.Interrupted ? RunOutcome.Interrupted
            : stop.BudgetReached && _tally.NotRun > 0 ? RunOutcome.BudgetReached
            : failedOrOpen > 0 || _tally.NotRun > 0 ? RunOutcome.CompletedWithFailures
            : RunOutcome.Completed;
        var reason = stop.Fatal ?? (stop.Interrupted ? "interrupted" : stop.BudgetReached ? stop.BudgetReason ?? BudgetReason() : null);
        return new RunReport
        {
            Manifest = _context.ManifestName,
            Provider = _provider.Name,
            Outcome = outcome,
            StopReason = reason,
            StartedAt = _startedAtUtc,
            FinishedAt = _time.GetUtcNow(),
            ElapsedSeconds = Math.Round(_time.GetElapsedTime(_startedAt).TotalSeconds, 3),
            TotalJobs = _context.TotalJobs,
            Downloaded = _tally.Downloaded,
            AlreadyDone = _tally.AlreadyDone,
            Failed = _tally.Failed,
            InDoubt = _tally.InDoubt,
            Unfinished = _tally.Unfinished,
            NotRun = _tally.NotRun,
            Submissions = _tally.Submissions,
            SpentUsd = _ledger.SpentUsd,
            BudgetUsd = _ledger.MaxUsd,
            Failures = _tally.Failures(),
            InDoubtJobs = _tally.InDoubtJobs(),
            FirstPost = _tally.FirstPost.Read(_time, _startedAt),
        };
    }

    private string BudgetReason() => _ledger.SharedRefusal is { } team
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"shared budget '{_ledger.Shared!.Name}' reached: every run sharing it spent {UsdText.Format(team.SpentUsd)} of {UsdText.Format(_ledger.Shared.MaxUsd)} (this folder {UsdText.Format(_ledger.SpentUsd)}); the next job could have passed it")
        : $"budget reached: spent {UsdText.Format(_ledger.SpentUsd)} of {UsdText.Format(_ledger.MaxUsd ?? 0m)}; the next job could have passed it";

    private void WriteSummary(RunReport report)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(report, OutputJsonContext.Readable.RunReport);
        AtomicFile.Write(_context.Folder.SummaryPath, json); // the root exists: the journal was opened in it
    }
}

/// <summary>Why a run stops early; set from any job, read by the producer.</summary>
internal sealed class RunStop
{
    private volatile string? _fatal;
    private volatile bool _budgetReached;
    private volatile string? _budgetReason;
    private volatile bool _interrupted;
    private volatile bool _diskFull;

    public string? Fatal => _fatal;
    /// <summary>The disk filled: images are no longer written, so the journal's reserve is left to the journal.</summary>
    public bool DiskFull => _diskFull;
    public bool BudgetReached => _budgetReached;
    public string? BudgetReason => _budgetReason;
    public bool Interrupted => _interrupted;

    public void Fail(string reason) => Interlocked.CompareExchange(ref _fatal, reason, null);
    /// <summary>Stops the run for a storage failure; a full disk also stops image writes.</summary>
    public void FailOnStorage(Exception e, string reason)
    {
        if (StorageFailure.IsDiskFull(e))
            _diskFull = true;
        Fail(reason);
    }

    public void ReachBudget(string? reason = null)
    {
        _budgetReason ??= reason;
        _budgetReached = true;
    }
    public void Interrupt() => _interrupted = true;
}

/// <summary>Counts running jobs without keeping them: memory stays flat however many the run starts.</summary>
internal sealed class InFlightJobs
{
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running = 1;

    public void Start(Func<Task> job)
    {
        Interlocked.Increment(ref _running);
        _ = RunAsync(job);
    }

    public Task WhenAllAsync()
    {
        Done();
        return _allDone.Task;
    }

    private async Task RunAsync(Func<Task> job)
    {
        try
        {
            await Task.Yield();
            await job().ConfigureAwait(false);
        }
        finally
        {
            Done();
        }
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _running) == 0)
            _allDone.TrySetResult();
    }
}
