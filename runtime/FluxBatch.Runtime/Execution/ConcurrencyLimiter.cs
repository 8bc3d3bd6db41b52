namespace FluxBatch.Execution;

/// <summary>
/// Bounds the jobs in flight (holding a slot from submit until their task is finished, which is what the API's
/// active-task limit counts) and adapts to 429s, AIMD-style as TCP does: each 429 halves the limit (at most once per
/// <see cref="DecreaseCooldown"/>, so one burst of 429s from jobs submitted together counts once), each accepted
/// submit adds 1/limit, so the limit climbs back by about one per round of successes, up to the configured maximum.
/// <para>
/// A job goes through two gates. <see cref="StartAsync"/> lets it start: reserve its budget and make "submitting"
/// durable (a disk flush of a few milliseconds). <see cref="AcquireAsync"/> then gives it a slot, and only then does it
/// submit. A job may start while every slot is taken if a running job has announced (<see cref="Forecast"/>) that
/// it is about to finish, at most <see cref="EarlyStarts"/> of them: so the flush of the next job overlaps the end
/// of the previous one instead of adding to every slot's turn. If the process dies in that moment, the early job's
/// "submitting" row makes it "in doubt" on resume although it was never sent; the cap keeps that to a few jobs.
/// </para>
/// Waiters are served in arrival order. A granted waiter resumes on the thread that freed its place, after the lock
/// is released: the job that takes a freed slot sends its POST at once, before the job that freed it goes on to its
/// download (a hop through the thread pool would add to every slot's turn).
/// </summary>
internal sealed class ConcurrencyLimiter
{
    private readonly object _gate = new();
    private readonly Queue<Waiter> _startWaiters = new();
    private readonly Queue<Waiter> _slotWaiters = new();
    private readonly TimeProvider _time;
    private double _limit;
    private int _inFlight;
    private int _starting;
    private int _forecast;
    private long _lastDecrease = long.MinValue;
    private Coordination.IAccountSlots? _account;

    public ConcurrencyLimiter(int maximum, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        Maximum = maximum;
        _limit = maximum;
        _time = time ?? TimeProvider.System;
        EarlyStarts = Math.Max(1, maximum / 8);
    }

    public int Maximum { get; }

    /// <summary>Most jobs started ahead of forecast finishes at once (an eighth of the maximum, at least one).</summary>
    public int EarlyStarts { get; }

    public TimeSpan DecreaseCooldown { get; init; } = TimeSpan.FromSeconds(1);

    public int CurrentLimit { get { lock (_gate) return (int)_limit; } }

    /// <summary>Jobs holding a slot.</summary>
    public int InFlight { get { lock (_gate) return _inFlight; } }

    /// <summary>Jobs started and not yet holding a slot.</summary>
    public int Starting { get { lock (_gate) return _starting; } }

    /// <summary>Waits until a job may start: a slot is free, or a running job forecast its finish.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_startWaiters.Count == 0 && CanStart())
            {
                _starting++;
                return Task.CompletedTask;
            }
            return Enqueue(_startWaiters, cancellationToken);
        }
    }

    /// <summary>
    /// From now on a slot here also takes one of the account's slots shared with other runs (a coordinator's), after
    /// the local one: the sum of all runs' tasks in flight stays within the account's limit. Set before the first job.
    /// </summary>
    internal void ShareAccount(Coordination.IAccountSlots account) => _account = account;

    /// <summary>Gives a started job a slot, waiting for one if need be.</summary>
    public Task AcquireAsync(CancellationToken cancellationToken)
    {
        Task local;
        lock (_gate)
        {
            if (_slotWaiters.Count == 0 && _inFlight < (int)_limit)
            {
                _starting--;
                _inFlight++;
                local = Task.CompletedTask;
            }
            else
            {
                local = Enqueue(_slotWaiters, cancellationToken);
            }
        }
        return _account is null ? local : AcquireAccountSlotAsync(local, _account, cancellationToken);
    }

    /// <summary>The local slot, then the account's; if the wait for the account's is cancelled the job is only started again.</summary>
    private async Task AcquireAccountSlotAsync(Task local, Coordination.IAccountSlots account, CancellationToken cancellationToken)
    {
        await local.ConfigureAwait(false);
        try
        {
            await account.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            YieldLocal();
            throw;
        }
    }

    /// <summary>A running job expects to finish within about a journal flush.</summary>
    public void Forecast()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            _forecast++;
            granted = Grant();
        }
        Resume(granted);
    }

    /// <summary>A job gives its slot back for good (<paramref name="forecast"/>: it had announced it).</summary>
    public void Release(bool forecast = false)
    {
        List<Waiter>? granted;
        _account?.Release();
        lock (_gate)
        {
            _inFlight--;
            if (forecast)
                _forecast--;
            granted = Grant();
        }
        Resume(granted);
    }

    /// <summary>A job gives its slot back for a while (a 429) and stays started, to acquire one again.</summary>
    public void Yield()
    {
        _account?.Release();
        YieldLocal();
    }

    private void YieldLocal()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            _inFlight--;
            _starting++;
            granted = Grant();
        }
        Resume(granted);
    }

    /// <summary>A started job that will not take a slot (stopped, failed before its submit).</summary>
    public void Abandon()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            _starting--;
            granted = Grant();
        }
        Resume(granted);
    }

    /// <summary>An accepted submit: additive increase.</summary>
    public void OnAccepted()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            _limit = Math.Min(Maximum, _limit + 1.0 / _limit);
            granted = Grant();
        }
        Resume(granted);
    }

    /// <summary>A 429: multiplicative decrease (not below 1).</summary>
    public void OnRateLimited()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_lastDecrease != long.MinValue && _time.GetElapsedTime(_lastDecrease, now) < DecreaseCooldown)
                return;
            _lastDecrease = now;
            _limit = Math.Max(1, Math.Floor(_limit / 2));
        }
    }

    private bool CanStart() => _inFlight + _starting < (int)_limit + Math.Min(_forecast, EarlyStarts);

    private Task Enqueue(Queue<Waiter> waiters, CancellationToken cancellationToken)
    {
        var waiter = new Waiter();
        waiters.Enqueue(waiter);
        if (cancellationToken.CanBeCanceled)
            waiter.Cancellation = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        return waiter.Done.Task;
    }

    /// <summary>A cancelled waiter stays queued but is skipped when its turn comes.</summary>
    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (waiter.Settled)
                return;
            waiter.Settled = true;
        }
        waiter.Done.TrySetCanceled(cancellationToken);
    }

    /// <summary>Takes the places that are free for waiters, under the lock; <see cref="Resume"/> wakes them after it.</summary>
    private List<Waiter>? Grant()
    {
        List<Waiter>? granted = null;
        while (_inFlight < (int)_limit && _slotWaiters.TryDequeue(out var job))
        {
            if (job.Settled)
                continue;
            job.Settled = true;
            _starting--;
            _inFlight++;
            (granted ??= []).Add(job);
        }
        while (CanStart() && _startWaiters.TryDequeue(out var next))
        {
            if (next.Settled)
                continue;
            next.Settled = true;
            _starting++;
            (granted ??= []).Add(next);
        }
        return granted;
    }

    private static void Resume(List<Waiter>? granted)
    {
        if (granted is null)
            return;
        foreach (var waiter in granted)
        {
            waiter.Cancellation.Dispose();
            waiter.Done.SetResult();
        }
    }

    /// <summary>One queued request; <see cref="Settled"/> (under the lock) says it was granted or cancelled, once.</summary>
    private sealed class Waiter
    {
        public TaskCompletionSource Done { get; } = new();

        public bool Settled { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
