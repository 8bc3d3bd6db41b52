using FluxBatch.Api;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Rules;
using FluxBatch.Planning;
using FluxBatch.Planning.References;

namespace FluxBatch.Execution;

/// <summary>
/// Reads and plans the manifest, picks the provider and the run folder, and merges the options over the manifest
/// (<see cref="FluxRuns.Prepare"/>). Nothing here touches the network. Errors name the option, never a flag.
/// </summary>
internal static class RunSetup
{
    /// <summary>A run ready to start: its plan, folder, provider choice and executor options.</summary>
    /// <param name="Source">What the plan was read from, for the journal.</param>
    /// <param name="ManifestCacheFolder">The manifest's <c>cache:</c>, relative to the manifest's folder.</param>
    internal sealed record Ready(Plan Plan, string RunDirectory, ProviderChoice Provider, ExecutorOptions Options, PlanSource Source,
        RunOptions Request, string? ManifestCacheFolder, Func<string, string?> Environment);

    public static PreparedRun Prepare(string manifestPath, RunOptions request, ProviderRequest providerRequest, Func<string, string?> environment)
    {
        if (request.Validate() is [var invalid, ..])
            return Failed([], invalid);

        string text;
        try
        {
            text = File.ReadAllText(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ReadFile words the error as a diagnostic at the file.
            return Failed(ManifestReader.ReadFile(manifestPath).Diagnostics);
        }

        var source = new PlanSource(Path.GetFullPath(manifestPath), text, request.Overrides);
        var read = ManifestReader.Read(manifestPath, text, new ReferenceFileSystem(request.AllowReferences), source.Overrides);
        if (read.Manifest is not { } manifest)
            return Failed(read.Diagnostics);

        ProviderChoice provider;
        try
        {
            provider = ProviderSelector.Choose(providerRequest.Name, manifest.Provider, providerRequest.BaseUrl, environment, providerRequest.Region, manifest.Region);
        }
        catch (ProviderConfigurationException e)
        {
            return Failed(read.Diagnostics, new RunOptionError(RunOptionError.ProviderPrefix + e.Option, e.Problem));
        }

        // The provider's price table drives the estimate, the budget and the contact sheet (the emulator charges BFL's).
        var (priced, noPrice) = ProviderPrices.ForProvider(manifest, provider.Kind == ProviderKind.Comet ? "comet" : "bfl");
        if (priced is null)
            return Failed([.. read.Diagnostics, noPrice!]);

        // An explicit budget replaces the manifest's: the executor stops at it instead of the planner refusing.
        var plan = Planner.Create(request.BudgetUsd is null ? priced : priced with { Budget = null });
        var diagnostics = read.Diagnostics.Concat(plan.Diagnostics).ToList();
        if (plan.IsRefused)
            return Failed(diagnostics);
        // A shard is cut from the whole plan (which the budget check above judged), and runs a share of the budget.
        plan = request.Shard is { } shard ? plan.ForShard(shard) : plan; // validated above

        var coordinatorText = request.Coordinator ?? environment(Coordination.CoordinatorAddress.EnvironmentVariable)
            ?? (provider.StartEmbeddedEmulator ? "none" : "local");
        if (Coordination.CoordinatorAddress.TryParse(coordinatorText, out var coordinatorError) is not { } coordinator)
            return Failed(diagnostics, new RunOptionError(request.Coordinator is null ? Coordination.CoordinatorAddress.EnvironmentVariable : nameof(RunOptions.Coordinator), coordinatorError!));
        if (manifest.Budget is { Shared: { } sharedName } sharedBudget && coordinator.Kind != Coordination.CoordinatorKind.Redis)
        {
            // Known before anything is sent: a shared budget that only this run would see caps nothing.
            var has = coordinator.Kind == Coordination.CoordinatorKind.Local ? "only the local coordinator (this machine's processes)" : "no coordinator (--coordinator none)";
            return Failed([.. diagnostics, DiagnosticDescriptors.SharedBudgetWithoutCoordinator.Create(sharedBudget.SharedPosition ?? sharedBudget.Position, sharedName, has)]);
        }

        var manifestFolder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var runDirectory = request.RunDirectoryFor(plan);
        source = source with { PlanHash = plan.Hash, Shard = plan.ShardSpec };
        var options = request.ToExecutorOptions(plan, manifest) with
        {
            Coordinator = coordinator.Kind == Coordination.CoordinatorKind.None ? null : coordinatorText,
            Account = Coordination.AccountId.Of(provider.Kind.ToString().ToLowerInvariant(), provider.Key),
        };
        var cacheFolder = manifest.Cache is { } folder ? Path.GetFullPath(Path.Combine(manifestFolder, folder)) : null;
        return new PreparedRun(new Ready(plan, runDirectory, provider, options, source, request, cacheFolder, environment), diagnostics, []);
    }

    private static PreparedRun Failed(IReadOnlyList<ManifestDiagnostic> diagnostics, params RunOptionError[] errors) => new(null, diagnostics, errors);
}
