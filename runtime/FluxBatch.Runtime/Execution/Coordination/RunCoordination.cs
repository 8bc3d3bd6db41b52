namespace FluxBatch.Execution.Coordination;

/// <summary>
/// What one run takes from its coordinator: the account's slots (null: none, the run's own limit is all) and the shared
/// budget (null: the folder's budget only). Opened before the first job, disposed after the last.
/// </summary>
internal sealed class RunCoordination : IAsyncDisposable
{
    private readonly ICoordinator? _coordinator;

    private RunCoordination(ICoordinator? coordinator, IAccountSlots? slots, ISharedBudget? budget)
    {
        _coordinator = coordinator;
        Slots = slots;
        Budget = budget;
    }

    public IAccountSlots? Slots { get; }

    public ISharedBudget? Budget { get; }

    public string Description => _coordinator?.Description ?? "none";

    /// <summary>Opens what the options ask for; throws <see cref="CoordinatorUnavailableException"/> if it cannot.</summary>
    public static async Task<RunCoordination> OpenAsync(ExecutorOptions options)
    {
        if (options.Coordinator is not { } text)
        {
            // A shared budget nobody else sees would cap nothing: refuse rather than spend from the folder's alone.
            return options.SharedBudget is { } alone
                ? throw new CoordinatorUnavailableException($"shared budget '{alone}' needs the Redis coordinator (redis://HOST:PORT); nothing was submitted")
                : new RunCoordination(null, null, null);
        }
        var address = CoordinatorAddress.TryParse(text, out var error) ?? throw new CoordinatorUnavailableException(error!);
        ICoordinator? coordinator = address.Kind switch
        {
            CoordinatorKind.Redis => await RedisCoordinator.ConnectAsync(address).ConfigureAwait(false),
            CoordinatorKind.Local => new LocalCoordinator(options.StateDirectory ?? LocalCoordinator.DefaultStateDirectory(Environment.GetEnvironmentVariable)),
            _ => null,
        };
        if (coordinator is null)
            return new RunCoordination(null, null, null);
        var slots = options.Account is { } account ? coordinator.Slots(account, options.AccountLimit) : null;
        ISharedBudget? budget = null;
        if (options.SharedBudget is { } name)
        {
            budget = coordinator.Budget(name, options.BudgetUsd
                ?? throw new CoordinatorUnavailableException($"shared budget '{name}' has no max_usd"));
            if (budget is null)
            {
                await coordinator.DisposeAsync().ConfigureAwait(false);
                throw new CoordinatorUnavailableException($"shared budget '{name}' needs the Redis coordinator, not {coordinator.Description}");
            }
        }
        return new RunCoordination(coordinator, slots, budget);
    }

    public ValueTask DisposeAsync() => _coordinator?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// The account a key belongs to, as the coordinator names it: SHA-256 of the provider and the key, 16 hex digits. Runs
/// with the same key share its slots; the key itself never leaves the process, and the hash cannot be turned back into it.
/// </summary>
internal static class AccountId
{
    /// <summary>The API's limit of active tasks per account (BFL's 24; CometAPI publishes none, so the same).</summary>
    public const int ActiveTaskLimit = 24;

    public static string Of(string provider, Api.ApiKey key)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(provider + "\n" + key.Reveal());
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes), 0, 8).ToLowerInvariant();
    }
}
