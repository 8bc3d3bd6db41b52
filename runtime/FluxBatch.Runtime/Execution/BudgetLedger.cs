namespace FluxBatch.Execution;

/// <summary>
/// The hard budget, calibrated from what the server charges. Before a submit the job is reserved at its estimate ×
/// the highest cost/estimate ratio observed so far (<see cref="CostRatio"/>, taken as at least 1); a reservation is refused if
/// <c>spent + reserved + that</c> would pass the limit. Until the first charge is known the ratio is not, so only
/// one reservation is open at a time: whatever the server's prices (a <c>prices:</c> table set too low, a price
/// change), the spend can pass the limit only by the first job's own surprise, never by many jobs at once, and
/// after it never. The ratio can start from earlier runs in the same folder. A reservation is settled with the
/// reported cost (or the estimate when the provider reports none); a moderated job is refunded. Thread-safe.
/// </summary>
internal sealed class BudgetLedger
{
    private readonly object _gate = new();
    private decimal _spent;
    private decimal _reserved;
    private int _open;
    private decimal? _ratio;
    private TaskCompletionSource _settled = NewSignal();
    private readonly Coordination.ISharedBudget? _shared;
    private Coordination.SharedLedgerReading? _sharedRefusal;

    /// <summary>How long a job waits before asking a shared ledger again when it did not fit but reservations are open.</summary>
    private static readonly TimeSpan SharedRetry = TimeSpan.FromMilliseconds(50);

    /// <param name="maxUsd">Null: no budget.</param>
    /// <param name="alreadySpentUsd">Committed by earlier runs in the same folder.</param>
    /// <param name="knownCostRatio">The highest cost/estimate ratio earlier runs saw, if any.</param>
    public BudgetLedger(decimal? maxUsd, decimal alreadySpentUsd = 0m, decimal? knownCostRatio = null)
    {
        if (knownCostRatio < 0)
            throw new ArgumentOutOfRangeException(nameof(knownCostRatio));
        _ratio = knownCostRatio;
        if (maxUsd < 0)
            throw new ArgumentOutOfRangeException(nameof(maxUsd), "A budget cannot be negative.");
        MaxUsd = maxUsd;
        _spent = alreadySpentUsd;
    }

    /// <param name="shared">
    /// A ledger shared with other runs (<c>budget.shared</c>): each reservation must also fit there (spent + reserved by
    /// every run ≤ its maximum), atomically across processes; settlements and refunds go there too.
    /// </param>
    internal BudgetLedger(decimal? maxUsd, decimal alreadySpentUsd, decimal? knownCostRatio, Coordination.ISharedBudget? shared)
        : this(maxUsd, alreadySpentUsd, knownCostRatio) => _shared = shared;

    /// <summary>The shared ledger as it was when it last refused a reservation with nothing open anywhere; null if it never did.</summary>
    internal Coordination.SharedLedgerReading? SharedRefusal { get { lock (_gate) return _sharedRefusal; } }

    internal Coordination.ISharedBudget? Shared => _shared;

    public decimal? MaxUsd { get; }

    public decimal SpentUsd { get { lock (_gate) return _spent; } }

    public decimal ReservedUsd { get { lock (_gate) return _reserved; } }

    /// <summary>The highest charge/estimate ratio observed; null until the first charge is known.</summary>
    public decimal? CostRatio { get { lock (_gate) return _ratio; } }

    /// <summary>Reserves <paramref name="estimateUsd"/>, or returns null if that could pass the budget.</summary>
    public Reservation? TryReserve(decimal estimateUsd)
    {
        if (estimateUsd < 0)
            throw new ArgumentOutOfRangeException(nameof(estimateUsd));
        lock (_gate)
        {
            // Never below the estimate: charges below it on some jobs say nothing about the next one.
            var amount = estimateUsd * Math.Max(1m, _ratio ?? 1m);
            if (MaxUsd is { } max && ((_ratio is null && _open > 0) || _spent + _reserved + amount > max))
                return null;
            _reserved += amount;
            _open++;
            return new Reservation(this, estimateUsd, amount);
        }
    }

    /// <summary>
    /// Reserves <paramref name="estimateUsd"/>; while it does not fit but other reservations are open (they may settle
    /// lower, or be refunded, or calibrate the ratio), waits for one to settle and tries again. Null once it cannot fit with nothing open.
    /// </summary>
    public async Task<Reservation?> ReserveAsync(decimal estimateUsd, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            Reservation? reservation;
            lock (_gate)
            {
                reservation = TryReserve(estimateUsd);
                if (reservation is null && _open == 0)
                    return null;
                settled = _settled.Task;
            }
            if (reservation is null)
            {
                await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_shared is null)
                return reservation;

            Coordination.SharedReservation shared;
            try
            {
                shared = await _shared.TryReserveAsync(reservation.ReservedUsd, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                reservation.Release();
                throw;
            }
            if (shared.Granted)
            {
                reservation.Shared = shared;
                return reservation;
            }
            // Not room in the team's ledger: give the local reservation back (it would hold the others up) and, while
            // reservations are open anywhere (they may settle lower, or be given back), ask again shortly.
            reservation.Release();
            lock (_gate)
            {
                if (_open == 0 && shared.Ledger.OpenReservations == 0)
                {
                    _sharedRefusal = shared.Ledger;
                    return null;
                }
                settled = _settled.Task;
            }
            await Task.WhenAny(settled, Task.Delay(SharedRetry, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Replaces a charge recorded earlier (a resumed job, a refund after moderation) by a new one.</summary>
    public void Adjust(decimal previousChargeUsd, decimal newChargeUsd)
    {
        lock (_gate)
        {
            _spent += newChargeUsd - previousChargeUsd;
            Signal();
        }
        _shared?.Adjust(newChargeUsd - previousChargeUsd);
    }

    /// <summary>Raises the ratio to what this charge shows (a provider that reports no cost shows 1). Call with the gate held.</summary>
    private void Learn(decimal charge, decimal estimate)
    {
        var ratio = estimate > 0m ? charge / estimate : 1m;
        _ratio = _ratio is { } known ? Math.Max(known, ratio) : ratio;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes reservations waiting for room. Call with the gate held.</summary>
    private void Signal()
    {
        var settled = _settled;
        _settled = NewSignal();
        settled.TrySetResult();
    }

    /// <summary>One reserved estimate; settle it exactly once.</summary>
    internal sealed class Reservation
    {
        private readonly BudgetLedger _ledger;
        private bool _settled;

        internal Reservation(BudgetLedger ledger, decimal estimateUsd, decimal reservedUsd)
        {
            _ledger = ledger;
            EstimateUsd = estimateUsd;
            ReservedUsd = reservedUsd;
        }

        public decimal EstimateUsd { get; }

        /// <summary>What is held for the job: the estimate × the cost ratio known when it was reserved.</summary>
        public decimal ReservedUsd { get; }

        /// <summary>Its twin in the shared ledger, when there is one.</summary>
        internal Coordination.SharedReservation? Shared { get; set; }

        /// <summary>The POST is about to go out: a shared reservation is charged from now on if this process dies.</summary>
        internal Task MarkSentAsync() =>
            _ledger._shared is { } ledger && Shared is { } shared ? ledger.MarkSentAsync(shared) : Task.CompletedTask;

        /// <summary>The job was accepted: charge <paramref name="actualUsd"/> (null: keep the estimate as the charge).</summary>
        public decimal Settle(decimal? actualUsd) => Close(actualUsd ?? EstimateUsd, accepted: true);

        /// <summary>The job was never accepted (refused, rate-limited at shutdown): nothing charged.</summary>
        public void Release() => Close(0m, accepted: false);

        private decimal Close(decimal charge, bool accepted)
        {
            lock (_ledger._gate)
            {
                if (_settled)
                    throw new InvalidOperationException("A reservation is settled once.");
                _settled = true;
                _ledger._reserved -= ReservedUsd;
                _ledger._open--;
                _ledger._spent += charge;
                if (accepted)
                    _ledger.Learn(charge, EstimateUsd);
                _ledger.Signal();
            }
            if (_ledger._shared is { } ledger && Shared is { } shared)
            {
                if (accepted)
                    ledger.Settle(shared, charge);
                else
                    ledger.Release(shared);
            }
            return charge;
        }
    }
}
