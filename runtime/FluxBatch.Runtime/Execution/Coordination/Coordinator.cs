namespace FluxBatch.Execution.Coordination;

/// <summary>
/// What several runs share beyond one process: the account's active-task slots and named budget ledgers. The local
/// coordinator (file locks) shares slots between the processes of one machine; the Redis coordinator shares slots and
/// budgets between every process that reaches the same Redis. Both give back what a dead process held: the OS drops
/// its file locks, Redis lets its leases expire.
/// </summary>
internal interface ICoordinator : IAsyncDisposable
{
    /// <summary>Where it coordinates, for messages (<c>redis://127.0.0.1:6379</c>, <c>the local state folder</c>); never a secret.</summary>
    string Description { get; }

    /// <summary>The account's slots, keyed by <paramref name="account"/> (a hash of provider and key, never the key).</summary>
    IAccountSlots Slots(string account, int limit);

    /// <summary>The named shared ledger; null when this coordinator keeps none (the local one).</summary>
    ISharedBudget? Budget(string name, decimal maxUsd);
}

/// <summary>One process's share of an account's active-task slots.</summary>
internal interface IAccountSlots
{
    int Limit { get; }

    /// <summary>Slots this process holds now.</summary>
    int Held { get; }

    /// <summary>Takes one slot, waiting (in this process's arrival order) until one is free anywhere.</summary>
    Task AcquireAsync(CancellationToken cancellationToken);

    /// <summary>Gives one slot back (the caller held one).</summary>
    void Release();
}

/// <summary>
/// A budget ledger shared by every run that names it. Amounts: spent (permanent charges) + reserved (leases) never pass
/// the maximum the reserving run gives. A reservation of a job whose POST was sent (<see cref="MarkSentAsync"/>) is
/// charged in full if its process dies, since the task may exist; one never sent is simply given back.
/// </summary>
internal interface ISharedBudget
{
    string Name { get; }

    decimal MaxUsd { get; }

    /// <summary>Reserves <paramref name="amountUsd"/>; refused (with the ledger as it is) if it does not fit.</summary>
    Task<SharedReservation> TryReserveAsync(decimal amountUsd, CancellationToken cancellationToken);

    /// <summary>The job's POST is about to be sent: from now on its reservation is charged if this process dies.</summary>
    Task MarkSentAsync(SharedReservation reservation);

    /// <summary>Charges the job (replacing its reservation).</summary>
    void Settle(SharedReservation reservation, decimal chargeUsd);

    /// <summary>Gives the reservation back: the job was never accepted.</summary>
    void Release(SharedReservation reservation);

    /// <summary>Changes a charge already made (a refund after moderation).</summary>
    void Adjust(decimal deltaUsd);

    Task<SharedLedgerReading> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>A reservation's answer: <see cref="Lease"/> is null when it did not fit.</summary>
internal sealed record SharedReservation(string? Lease, decimal AmountUsd, SharedLedgerReading Ledger)
{
    public bool Granted => Lease is not null;
}

/// <summary>A shared ledger's totals: permanent charges, open reservations (leases) and how many.</summary>
internal sealed record SharedLedgerReading(decimal SpentUsd, decimal ReservedUsd, int OpenReservations);

/// <summary>The coordinator cannot be reached or refused us: the run does not start (nothing was submitted).</summary>
internal sealed class CoordinatorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
