using FluxBatch.Execution;
using FluxBatch.Manifest.Rules;

namespace FluxBatch;

/// <summary>
/// How <see cref="FluxRuns"/> runs a plan. Every property has a documented default (null: the manifest's value);
/// <see cref="Validate"/> reports each invalid value as a <see cref="RunOptionError"/> naming the property, so a caller
/// words it in its own terms (the CLI as its flag).
/// </summary>
public sealed record RunOptions
{
    /// <summary>The run folder; null: the manifest's <c>output.dir</c> (a shard's: <c>.shard-K-of-N</c> appended), relative to the manifest's folder.</summary>
    public string? OutDir { get; init; }

    /// <summary>Most jobs in flight; null: the manifest's <c>concurrency</c> (default 4, <see cref="ApiLimits.DefaultConcurrency"/>). At least 1.</summary>
    public int? Concurrency { get; init; }

    /// <summary>
    /// Spend at most this many US dollars in the run folder (earlier runs included) and run what fits; it replaces
    /// <c>budget.max_usd</c> (no up-front refusal). Null: the manifest's budget, which refuses a plan whose estimate exceeds it.
    /// </summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>Submit again the jobs whose earlier POST is in doubt (they may be paid twice). Default false: report them.</summary>
    public bool ResubmitInDoubt { get; init; }

    /// <summary>Submit again the jobs that failed in an earlier run without being charged (not moderated ones). Default false.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>Submit again the jobs that were moderated in an earlier run. Default false.</summary>
    public bool RetryModerated { get; init; }

    /// <summary>Time between polls of a task in progress; null: 0.5 s. Not negative.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>
    /// Who shares the account's task slots and <c>budget.shared</c>: <c>redis://HOST:PORT</c>, <c>local</c> or <c>none</c>.
    /// Null: <c>FLUXBATCH_COORDINATOR</c>, else <c>local</c> (a run of the embedded emulator shares nothing).
    /// </summary>
    public string? Coordinator { get; init; }

    /// <summary><c>K/N</c> (K 1-based): run only this shard of the plan, in a folder of its own (docs/scaling.md). Null: the whole plan.</summary>
    public string? Shard { get; init; }

    /// <summary>The most shards a plan may be cut into (each shard is a process with its own folder: more is surely a typo).</summary>
    public const int MaxShards = Planning.Shards.ShardSpec.MaxCount;

    /// <summary>
    /// The <see cref="Shard"/> (<c>K/N</c>) of a 0-based index among <paramref name="count"/> shards, as a Kubernetes
    /// Indexed Job sets <c>JOB_COMPLETION_INDEX</c> (index 0 is shard 1/N); null with the reason when the index is not one.
    /// </summary>
    public static string? ShardFromIndex(string indexText, int count, out string? error) =>
        Planning.Shards.ShardSpec.FromZeroBasedIndex(indexText, count, out error)?.ToString();

    /// <summary>The shared cache of paid results; null: the manifest's <c>cache:</c>, else <c>FLUXBATCH_CACHE</c>, else the user's cache folder (off for the emulator).</summary>
    public string? Cache { get; init; }

    /// <summary>Neither reuse nor store cached results. Default false.</summary>
    public bool NoCache { get; init; }

    /// <summary><c>PATH=VALUE</c> manifest keys replaced before the rules run (as <c>--set</c>).</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Folders references may come from besides the manifest's folder and its git work tree.</summary>
    public IReadOnlyList<string> AllowReferences { get; init; } = [];

    /// <summary>
    /// Called with each job whose image and sidecar are written, from the job's own task: keep it short (queue the
    /// work). Null: nothing is called.
    /// </summary>
    public Action<Planning.PlannedJob>? OnImageSaved { get; init; }

    /// <summary>Called once, when the run's first POST is sent (or the run ends without one): a caller may start work the first POST must not wait for.</summary>
    public Action? OnFirstPost { get; init; }

    /// <summary>Time between the <see cref="RunProgress"/> reports of a run. Default 0.2 s.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The local coordinator's state folder (tests); null: FLUXBATCH_STATE_DIR, else the user's state folder.</summary>
    internal string? StateDirectory { get; init; }

    /// <summary>Every invalid value, each naming its property; empty when the options can run.</summary>
    public IReadOnlyList<RunOptionError> Validate()
    {
        var errors = new List<RunOptionError>();
        if (Concurrency is < 1)
            errors.Add(new(nameof(Concurrency), $"must be at least 1 (got {Concurrency})"));
        if (BudgetUsd is < 0)
            errors.Add(new(nameof(BudgetUsd), $"cannot be negative (got {BudgetUsd})"));
        if (PollInterval < TimeSpan.Zero)
            errors.Add(new(nameof(PollInterval), "cannot be negative"));
        if (ProgressInterval <= TimeSpan.Zero)
            errors.Add(new(nameof(ProgressInterval), "must be positive"));
        if (Shard is not null && Planning.Shards.ShardSpec.TryParse(Shard, out var shardError) is null)
            errors.Add(new(nameof(Shard), shardError!));
        return errors;
    }

    /// <summary>
    /// The executor's options for <paramref name="plan"/>: each option, else the manifest's value. <paramref name="manifest"/>
    /// is the manifest as read (the plan's drops <c>budget.max_usd</c> when <see cref="BudgetUsd"/> replaces it), whose
    /// <c>budget.shared</c> always applies: a team's ledger is never dropped.
    /// </summary>
    internal ExecutorOptions ToExecutorOptions(Planning.Plan plan, Manifest.Model.ManifestSpec manifest) => new()
    {
        Concurrency = Concurrency ?? manifest.Concurrency,
        BudgetUsd = BudgetUsd ?? plan.BudgetUsd,
        ResubmitInDoubt = ResubmitInDoubt,
        Retry = Retry,
        PollInterval = PollInterval ?? new ExecutorOptions().PollInterval,
        Coordinator = Coordinator,
        SharedBudget = manifest.Budget?.Shared,
        StateDirectory = StateDirectory,
    };

    /// <summary>The run folder for <paramref name="plan"/>, full path: <see cref="OutDir"/>, else the plan's default beside the manifest.</summary>
    internal string RunDirectoryFor(Planning.Plan plan) => Path.GetFullPath(OutDir ?? Path.Combine(
        Path.GetDirectoryName(Path.GetFullPath(plan.Manifest.SourcePath)) ?? ".", plan.DefaultRunFolder));

    internal RetryFailed Retry =>
        (RetryFailed ? Execution.RetryFailed.Uncharged : Execution.RetryFailed.None) | (RetryModerated ? Execution.RetryFailed.Moderated : Execution.RetryFailed.None);
}

/// <summary>An option that cannot run: <paramref name="Option"/> is the <see cref="RunOptions"/> property (or the
/// environment variable it was read from, e.g. <c>FLUXBATCH_COORDINATOR</c>); <paramref name="Problem"/> says what is wrong with its value.</summary>
public sealed record RunOptionError(string Option, string Problem)
{
    /// <summary>
    /// The start of <see cref="Option"/> for the provider's options (<see cref="FluxRuns.Prepare"/>'s parameters):
    /// <c>Provider.Name</c>, <c>Provider.BaseUrl</c>, <c>Provider.Region</c>, or two in conflict: <c>Provider.Region+Name</c> (a region for a provider without regions), <c>Provider.Region+BaseUrl</c>.
    /// </summary>
    public const string ProviderPrefix = "Provider.";

    public override string ToString() => Option + ": " + Problem;
}
