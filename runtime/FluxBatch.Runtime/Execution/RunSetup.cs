using FluxBatch.Api;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Rules;
using FluxBatch.Planning;
using FluxBatch.Planning.References;
using FluxBatch.Planning.Shards;

namespace FluxBatch.Execution;

/// <summary>What <c>fluxbatch run</c> was asked, before anything is read.</summary>
/// <param name="OutDir">Run folder; null: the manifest's <c>output.dir</c>, relative to the manifest's folder.</param>
/// <param name="Budget">Overrides <c>budget.max_usd</c>: spend at most this much and run what fits (no up-front refusal).</param>
/// <param name="Overrides"><c>--set PATH=VALUE</c>: manifest keys replaced before the rules run.</param>
public sealed record RunRequest(
    string ManifestPath,
    string? OutDir = null,
    string? Provider = null,
    string? BaseUrl = null,
    int? Concurrency = null,
    decimal? Budget = null,
    bool ResubmitInDoubt = false,
    TimeSpan? PollInterval = null,
    string? Region = null,
    IReadOnlyList<string>? Overrides = null)
{
    /// <summary>Folders references may come from besides the manifest's folder and its git work tree (<c>--allow-references</c>).</summary>
    public IReadOnlyList<string> AllowReferences { get; init; } = [];

    /// <summary>Which failed jobs to submit again (<c>--retry-failed</c>, <c>--retry-moderated</c>).</summary>
    public RetryFailed Retry { get; init; } = RetryFailed.None;

    /// <summary><c>--shard K/N</c>: run only this shard's jobs, in a folder of its own (docs/scaling.md).</summary>
    public Planning.Shards.ShardSpec? Shard { get; init; }
    /// <summary>
    /// <c>--coordinator</c>: <c>redis://HOST:PORT</c>, <c>local</c> or <c>none</c>. Null: <c>FLUXBATCH_COORDINATOR</c>, else
    /// <c>local</c> (the embedded emulator, a server of this process alone, shares nothing: none).
    /// </summary>
    public string? Coordinator { get; init; }
}

/// <summary>A run ready to start: its plan, folder, provider choice and executor options.</summary>
/// <param name="Source">What the plan was read from, for the journal.</param>
public sealed record PreparedRun(Plan Plan, string RunDirectory, ProviderChoice Provider, ExecutorOptions Options, PlanSource Source);

/// <summary>Either a prepared run, or the reasons there is none (all of them; exit code 2, nothing spent).</summary>
public sealed record RunSetupResult(PreparedRun? Run, IReadOnlyList<ManifestDiagnostic> Diagnostics, string? Error);

/// <summary>
/// Reads and plans the manifest, picks the provider and the run folder, and merges the command line over the
/// manifest. Nothing here touches the network.
/// </summary>
public static class RunSetup
{
    public static RunSetupResult Prepare(RunRequest request, Func<string, string?> environment)
    {
        if (request.Concurrency is < 1)
            return Failed($"--concurrency must be at least 1 (got {request.Concurrency})");
        if (request.Budget is < 0)
            return Failed($"--budget cannot be negative (got {request.Budget})");

        string text;
        try
        {
            text = File.ReadAllText(request.ManifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ReadFile words the error as a diagnostic at the file.
            return new RunSetupResult(null, ManifestReader.ReadFile(request.ManifestPath).Diagnostics, null);
        }

        var source = new PlanSource(Path.GetFullPath(request.ManifestPath), text, request.Overrides ?? []);
        var read = ManifestReader.Read(request.ManifestPath, text, new ReferenceFileSystem(request.AllowReferences), source.Overrides);
        if (read.Manifest is not { } manifest)
            return new RunSetupResult(null, read.Diagnostics, null);

        ProviderChoice provider;
        try
        {
            provider = ProviderSelector.Choose(request.Provider, manifest.Provider, request.BaseUrl, environment, request.Region, manifest.Region);
        }
        catch (ProviderConfigurationException e)
        {
            return new RunSetupResult(null, read.Diagnostics, e.Message);
        }

        // The provider's price table drives the estimate, the budget and the contact sheet (the emulator charges BFL's).
        var (priced, noPrice) = ProviderPrices.ForProvider(manifest, provider.Kind == ProviderKind.Comet ? "comet" : "bfl");
        if (priced is null)
            return new RunSetupResult(null, [.. read.Diagnostics, noPrice!], null);

        // An explicit --budget replaces the manifest's: the executor stops at it instead of the planner refusing.
        var plan = Planner.Create(request.Budget is null ? priced : priced with { Budget = null });
        var diagnostics = read.Diagnostics.Concat(plan.Diagnostics).ToList();
        if (plan.IsRefused)
            return new RunSetupResult(null, diagnostics, null);
        // A shard is cut from the whole plan (which the budget check above judged), and runs a share of the budget.
        plan = request.Shard is { } shard ? plan.ForShard(shard) : plan;

        var coordinatorText = request.Coordinator ?? environment(Coordination.CoordinatorAddress.EnvironmentVariable)
            ?? (provider.StartEmbeddedEmulator ? "none" : "local");
        if (Coordination.CoordinatorAddress.TryParse(coordinatorText, out var coordinatorError) is not { } coordinator)
            return new RunSetupResult(null, diagnostics, (request.Coordinator is null ? Coordination.CoordinatorAddress.EnvironmentVariable + ": " : "--coordinator: ") + coordinatorError);
        if (manifest.Budget is { Shared: { } sharedName } sharedBudget && coordinator.Kind != Coordination.CoordinatorKind.Redis)
        {
            // Known before anything is sent: a shared budget that only this run would see caps nothing.
            var has = coordinator.Kind == Coordination.CoordinatorKind.Local ? "only the local coordinator (this machine's processes)" : "no coordinator (--coordinator none)";
            return new RunSetupResult(null,
                [.. diagnostics, DiagnosticDescriptors.SharedBudgetWithoutCoordinator.Create(sharedBudget.SharedPosition ?? sharedBudget.Position, sharedName, has)], null);
        }

        var manifestFolder = Path.GetDirectoryName(Path.GetFullPath(request.ManifestPath))!;
        var runDirectory = Path.GetFullPath(request.OutDir ?? Path.Combine(manifestFolder, ShardFolders.Default(plan.RunDirectory, plan.Shard)));
        source = source with { PlanHash = plan.Hash, Shard = plan.Shard };
        var options = new ExecutorOptions
        {
            Concurrency = request.Concurrency ?? manifest.Concurrency,
            BudgetUsd = request.Budget ?? (manifest.Budget?.MaxUsd is { } max ? plan.BudgetShare(max) : null),
            ResubmitInDoubt = request.ResubmitInDoubt,
            Retry = request.Retry,
            PollInterval = request.PollInterval ?? new ExecutorOptions().PollInterval,
            Coordinator = coordinator.Kind == Coordination.CoordinatorKind.None ? null : coordinatorText,
            Account = Coordination.AccountId.Of(provider.Kind.ToString().ToLowerInvariant(), provider.Key),
            SharedBudget = manifest.Budget?.Shared,
        };
        return new RunSetupResult(new PreparedRun(plan, runDirectory, provider, options, source), diagnostics, null);
    }

    private static RunSetupResult Failed(string error) => new(null, [], error);
}
