namespace FluxBatch.Execution;

/// <summary>
/// The hard budget. Before a submit the job's estimate is reserved; a reservation is refused if
/// <c>spent + reserved + estimate</c> would pass the limit, so the spend can only pass it if the server charges
/// more than the estimate said (the planner's estimates round megapixels up, so they are upper bounds).
/// After the submit the reservation is settled with the reported cost (or kept at the estimate when the provider
/// reports none); a moderated job is refunded. Thread-safe.
/// </summary>
public sealed class BudgetLedger
{
    private readonly object _gate = new();
    private decimal _spent;
    private decimal _reserved;
    private TaskCompletionSource _settled = NewSignal();

    /// <param name="maxUsd">Null: no budget.</param>
    /// <param name="alreadySpentUsd">Committed by earlier runs in the same folder.</param>
    public BudgetLedger(decimal? maxUsd, decimal alreadySpentUsd = 0m)
    {
        if (maxUsd < 0)
            throw new ArgumentOutOfRangeException(nameof(maxUsd), "A budget cannot be negative.");
        MaxUsd = maxUsd;
        _spent = alreadySpentUsd;
    }

    public decimal? MaxUsd { get; }

    public decimal SpentUsd { get { lock (_gate) return _spent; } }

    public decimal ReservedUsd { get { lock (_gate) return _reserved; } }

    /// <summary>Reserves <paramref name="estimateUsd"/>, or returns null if that could pass the budget.</summary>
    public Reservation? TryReserve(decimal estimateUsd)
    {
        if (estimateUsd < 0)
            throw new ArgumentOutOfRangeException(nameof(estimateUsd));
        lock (_gate)
        {
            if (MaxUsd is { } max && _spent + _reserved + estimateUsd > max)
                return null;
            _reserved += estimateUsd;
            return new Reservation(this, estimateUsd);
        }
    }

    /// <summary>
    /// Reserves <paramref name="estimateUsd"/>; while it does not fit but other reservations are open (they may settle
    /// lower, or be refunded), waits for one to settle and tries again. Null once it cannot fit with nothing open.
    /// </summary>
    public async Task<Reservation?> ReserveAsync(decimal estimateUsd, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            lock (_gate)
            {
                if (TryReserve(estimateUsd) is { } reservation)
                    return reservation;
                if (_reserved == 0m)
                    return null;
                settled = _settled.Task;
            }
            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
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
    public sealed class Reservation
    {
        private readonly BudgetLedger _ledger;
        private bool _settled;

        internal Reservation(BudgetLedger ledger, decimal estimateUsd)
        {
            _ledger = ledger;
            EstimateUsd = estimateUsd;
        }

        public decimal EstimateUsd { get; }

        /// <summary>The job was accepted: charge <paramref name="actualUsd"/> (null: keep the estimate as the charge).</summary>
        public decimal Settle(decimal? actualUsd) => Close(actualUsd ?? EstimateUsd);

        /// <summary>The job was never accepted (refused, rate-limited at shutdown): nothing charged.</summary>
        public void Release() => Close(0m);

        private decimal Close(decimal charge)
        {
            lock (_ledger._gate)
            {
                if (_settled)
                    throw new InvalidOperationException("A reservation is settled once.");
                _settled = true;
                _ledger._reserved -= EstimateUsd;
                _ledger._spent += charge;
                _ledger.Signal();
            }
            return charge;
        }
    }
}
