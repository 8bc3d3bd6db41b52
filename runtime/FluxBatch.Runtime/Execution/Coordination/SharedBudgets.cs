namespace FluxBatch.Execution.Coordination;

/// <summary>Reads a shared budget's ledger from outside a run (<c>fluxbatch status</c>).</summary>
internal static class SharedBudgets
{
    /// <summary>
    /// The ledger <paramref name="name"/> as the coordinator at <paramref name="coordinator"/> keeps it, or why it
    /// cannot be read (not a Redis address, unreachable). Reading prunes expired leases, nothing else.
    /// </summary>
    public static async Task<(SharedLedgerReading? Ledger, string? Error)> ReadAsync(string coordinator, string name, CancellationToken cancellationToken = default)
    {
        var address = CoordinatorAddress.TryParse(coordinator, out var error);
        if (address is null)
            return (null, error);
        if (address.Kind != CoordinatorKind.Redis)
            return (null, $"shared budgets are kept by a Redis coordinator, not '{address}'");
        try
        {
            await using var redis = await RedisCoordinator.ConnectAsync(address).ConfigureAwait(false);
            return (await redis.Budget(name, 0m)!.ReadAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (CoordinatorUnavailableException e)
        {
            return (null, e.Message.Replace("; nothing was submitted", "", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return (null, $"coordinator {address} did not answer ({e.GetType().Name})");
        }
    }
}
