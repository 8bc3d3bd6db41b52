using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Execution.Cache;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch;

/// <summary>
/// The door for running: <see cref="Prepare"/> reads, prices and plans a manifest file as <c>fluxbatch run</c> does
/// (provider, shard, coordinator, run folder; nothing is sent), and <c>RunAsync(plan, provider, options, progress)</c>
/// runs a plan a caller made itself (a generated preset). Both compose the run in one place: cache, executor, journal,
/// progress.
/// </summary>
public static class FluxRuns
{
    /// <summary>
    /// Reads the manifest at <paramref name="manifestPath"/>, picks the provider (<paramref name="provider"/>, else
    /// the manifest's, else whichever key <paramref name="environment"/> has, else the embedded emulator), plans it at
    /// that provider's prices and merges <paramref name="options"/> over the manifest. Never throws for input the user
    /// can fix: the result's <see cref="PreparedRun.Diagnostics"/> and <see cref="PreparedRun.Errors"/> say why there is no run.
    /// </summary>
    /// <param name="provider"><c>bfl</c>, <c>comet</c> or <c>emulator</c>; null: the manifest's, else from the environment.</param>
    /// <param name="baseUrl">The provider's base URL (an emulator already running); null: the provider's default.</param>
    /// <param name="region">BFL's regional host (<c>global</c>, <c>eu</c>, <c>us</c>); null: the manifest's <c>provider.region</c>.</param>
    /// <param name="environment">Reads environment variables; null: the process's.</param>
    public static PreparedRun Prepare(string manifestPath, RunOptions options, string? provider = null, string? baseUrl = null,
        string? region = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(options);
        return RunSetup.Prepare(manifestPath, options, new ProviderRequest(provider, baseUrl, region), environment ?? Environment.GetEnvironmentVariable);
    }

    /// <summary>
    /// Runs <paramref name="plan"/> through <paramref name="provider"/> into its run folder (<see cref="RunOptions.OutDir"/>,
    /// else the manifest's <c>output.dir</c> beside the manifest), with the manifest's concurrency and budget unless
    /// <paramref name="options"/> says otherwise; the manifest's <c>budget.shared</c> always applies (it needs a
    /// <c>redis://</c> <see cref="RunOptions.Coordinator"/>).
    /// </summary>
    /// <param name="progress">Told the run's counts every <see cref="RunOptions.ProgressInterval"/>, and once more at the end.</param>
    /// <param name="cancellationToken">Stops submitting; jobs in flight are finished or recorded for a later run.</param>
    /// <exception cref="ArgumentException">An option is invalid (<see cref="RunOptions.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">The plan is refused (e.g. its estimate exceeds the budget): nothing was submitted.</exception>
    public static Task<RunReport> RunAsync(Plan plan, IFluxProvider provider, RunOptions? options = null,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(provider);
        options ??= new RunOptions();
        if (options.Validate() is [var first, ..])
            throw new ArgumentException(first.ToString(), first.Option);
        if (plan.IsRefused)
            throw new InvalidOperationException(string.Join("\n", plan.Diagnostics));
        var executor = options.ToExecutorOptions(plan, plan.Manifest);
        var runDirectory = options.RunDirectoryFor(plan);
        return RunComposition.RunAsync(new RunComposition.Parts(plan, provider, runDirectory, executor, options)
        {
            OnImageSaved = options.OnImageSaved,
            OnFirstPost = options.OnFirstPost,
        }, null, null, progress, cancellationToken);
    }

    /// <summary>
    /// What a run of <paramref name="plan"/> would do in its folder (<see cref="RunOptions.OutDir"/>, else the plan's
    /// default beside the manifest) right now: nothing is sent, nothing is written. The budget spans the folder.
    /// </summary>
    public static Task<RunForecast> ForecastAsync(Plan plan, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new RunOptions();
        return RunForecast.ComputeAsync(plan, options.RunDirectoryFor(plan), options.BudgetUsd ?? plan.BudgetUsd, options.ResubmitInDoubt, options.Retry, cancellationToken);
    }

    /// <summary>What the run folder's earlier runs committed (the budget spans the folder); 0 for a new folder.</summary>
    public static async Task<decimal> FolderSpentUsdAsync(string runDirectory)
    {
        await using var journal = RunJournal.OpenExisting(runDirectory);
        return journal?.CommittedSpendUsd() ?? 0m;
    }
}

/// <summary>
/// A manifest read, priced, planned and merged with the run's options (<see cref="FluxRuns.Prepare"/>); nothing has
/// been sent. When <see cref="Plan"/> is null, <see cref="Diagnostics"/> and <see cref="Errors"/> say why.
/// </summary>
public sealed class PreparedRun
{
    private readonly RunSetup.Ready? _ready;

    internal PreparedRun(RunSetup.Ready? ready, IReadOnlyList<ManifestDiagnostic> diagnostics, IReadOnlyList<RunOptionError> errors)
    {
        _ready = ready;
        Diagnostics = diagnostics;
        Errors = errors;
    }

    /// <summary>The plan to run (a shard's, with <see cref="RunOptions.Shard"/>); null when there is no run.</summary>
    public Plan? Plan => _ready?.Plan;

    /// <summary>Every diagnostic of the manifest and the plan: warnings beside a run, errors instead of one.</summary>
    public IReadOnlyList<ManifestDiagnostic> Diagnostics { get; }

    /// <summary>Options that cannot run, each naming its option (exit 2 in the CLI, nothing spent).</summary>
    public IReadOnlyList<RunOptionError> Errors { get; }

    /// <summary>The run folder (full path).</summary>
    public string RunDirectory => Ready.RunDirectory;

    /// <summary>Jobs in flight at most.</summary>
    public int Concurrency => Ready.Options.Concurrency;

    /// <summary>The folder's budget in US dollars (a shard's share), or null for none.</summary>
    public decimal? BudgetUsd => Ready.Options.BudgetUsd;

    /// <summary>The provider's short name: <c>bfl</c>, <c>comet</c> or <c>emulator</c>.</summary>
    public string ProviderName => Ready.Provider.Kind.ToString().ToLowerInvariant();

    /// <summary>The provider's base URL; null when the embedded emulator is still to start.</summary>
    public Uri? ProviderBaseUrl => Ready.Provider.BaseUrl;

    /// <summary>Why this provider was picked, for the run's first line ("BFL_API_KEY is set").</summary>
    public string ProviderReason => Ready.Provider.Reason;

    /// <summary>No provider was named and no key is set: the caller starts an emulator and passes its URL to <see cref="CreateProvider"/>.</summary>
    public bool NeedsEmbeddedEmulator => Ready.Provider.StartEmbeddedEmulator;

    /// <summary>The chosen provider, at <paramref name="embeddedEmulatorUrl"/> when <see cref="NeedsEmbeddedEmulator"/>. Dispose it after the run.</summary>
    public IFluxProvider CreateProvider(Uri? embeddedEmulatorUrl = null) =>
        ProviderSelector.Create(Ready.Provider, embeddedEmulatorUrl ?? Ready.Provider.BaseUrl
            ?? throw new ArgumentNullException(nameof(embeddedEmulatorUrl), "the embedded emulator's URL is needed"));

    /// <summary>Removes the run's API key from text that came from outside (an exception's message) before it is shown.</summary>
    public string Redact(string text) => new SecretRedactor(Ready.Provider.Key).Redact(text);

    /// <summary>What a run would do in its folder now (the dry run): nothing is sent, nothing is written.</summary>
    public Task<RunForecast> ForecastAsync(CancellationToken cancellationToken = default) =>
        RunForecast.ComputeAsync(Ready.Plan, Ready.RunDirectory, Ready.Options.BudgetUsd, Ready.Options.ResubmitInDoubt, Ready.Options.Retry, cancellationToken);

    /// <summary>
    /// Runs the plan through <paramref name="provider"/> (from <see cref="CreateProvider"/>): jobs the shared cache
    /// holds are copied in first, paid results are stored in it, and the journal records the manifest the plan came from.
    /// </summary>
    /// <param name="notice">Told what the run did besides its jobs, one line each (what the cache delivered).</param>
    /// <param name="onImageSaved">As <see cref="RunOptions.OnImageSaved"/>, for work that needs the prepared plan (scoring); null: the options'.</param>
    /// <param name="onFirstPost">As <see cref="RunOptions.OnFirstPost"/>; null: the options'.</param>
    /// <param name="cancellationToken">Stops submitting; jobs in flight are finished or recorded for a later run.</param>
    /// <exception cref="RunFolderUnusableException">Another run holds the folder, or it cannot be written: nothing was submitted.</exception>
    public Task<RunReport> RunAsync(IFluxProvider provider, IProgress<RunProgress>? progress = null, Action<string>? notice = null,
        Action<PlannedJob>? onImageSaved = null, Action? onFirstPost = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var ready = Ready;
        var cache = CacheChoice.Resolve(ready.Request.NoCache, ready.Request.Cache, ready.ManifestCacheFolder, ready.Provider, ready.Environment).Cache;
        return RunComposition.RunAsync(new RunComposition.Parts(ready.Plan, provider, ready.RunDirectory, ready.Options, ready.Request)
        {
            OnImageSaved = onImageSaved ?? ready.Request.OnImageSaved,
            OnFirstPost = onFirstPost ?? ready.Request.OnFirstPost,
            Source = ready.Source,
            Redactor = new SecretRedactor(ready.Provider.Key),
        }, cache, notice, progress, cancellationToken);
    }

    private RunSetup.Ready Ready => _ready ?? throw new InvalidOperationException("the run could not be prepared: " + string.Join("; ", Errors.Select(e => e.ToString()).Concat(Diagnostics.Select(d => d.ToString()))));
}

/// <summary>The one composition of a run, for <see cref="FluxRuns"/> and <see cref="PreparedRun"/>: cache delivery, executor, progress.</summary>
internal static class RunComposition
{
    internal sealed record Parts(Plan Plan, IFluxProvider Provider, string RunDirectory, ExecutorOptions Options, RunOptions Request)
    {
        public PlanSource? Source { get; init; }
        public Action<PlannedJob>? OnImageSaved { get; init; }
        public Action? OnFirstPost { get; init; }
        public SecretRedactor? Redactor { get; init; }
    }

    public static async Task<RunReport> RunAsync(Parts parts, ResultCache? cache, Action<string>? notice, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = parts.Plan;
        var folder = new RunFolder(parts.RunDirectory);
        // The shared cache (docs/scaling.md): jobs already paid anywhere are copied in before anything is submitted.
        await using var cacheFill = cache is null ? null : new CacheFill(cache, folder);
        if (cache is not null)
            await DeliverFromCacheAsync(plan, folder, cache, parts.Options, notice ?? (_ => { }), cancellationToken).ConfigureAwait(false);

        var onImageSaved = (parts.OnImageSaved, cacheFill) switch
        {
            (null, null) => null,
            (null, { } fill) => fill.Enqueue,
            ({ } saved, null) => saved,
            ({ } saved, { } fill) => (Action<PlannedJob>)(job => { saved(job); fill.Enqueue(job); }),
        };
        var executor = new BatchExecutor(parts.Provider, new RunContext(plan.Manifest.Name, folder, plan.Count, parts.Source),
            onImageSaved is null ? parts.Options : parts.Options with { OnImageSaved = onImageSaved }, parts.Redactor);
        var running = executor.RunAsync(plan.Jobs, cancellationToken);
        if (parts.OnFirstPost is { } onFirstPost)
            _ = Task.WhenAny(executor.FirstPostSent, running).ContinueWith(_ => onFirstPost(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (progress is null)
            return await running.ConfigureAwait(false);

        progress.Report(executor.Progress);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(parts.Request.ProgressInterval, CancellationToken.None)).ConfigureAwait(false);
            progress.Report(executor.Progress);
        }
        return await running.ConfigureAwait(false);
    }

    private static async Task DeliverFromCacheAsync(Plan plan, RunFolder folder, ResultCache cache, ExecutorOptions options, Action<string> notice, CancellationToken cancellationToken)
    {
        var report = await CacheDelivery.DeliverAsync(plan, folder, cache, options, cancellationToken).ConfigureAwait(false);
        if (report.Notice is { } text)
            notice(text);
        var stored = report.Stored > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; added {report.Stored:N0} image(s) this folder had paid for") : "";
        notice(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"cache {Path.Combine(cache.Root, cache.Namespace)}: reused {report.Reused:N0} of {plan.Count:N0} jobs (not submitted, nothing charged), saved {Manifest.Pricing.UsdText.Format(report.SavedUsd)} (estimate){stored}"));
    }
}
