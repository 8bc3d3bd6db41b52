using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using FluxBatch.Api;
using FluxBatch.Cli.Rendering;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Execution.Cache;
using FluxBatch.Gallery;
using FluxBatch.Outputs;
using Spectre.Console;
using Spectre.Console.Cli;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch run FILE</c>: plans the manifest and executes it against a provider, with progress, a hard
/// budget, a journal and resume. With no key and no provider named, it starts the embedded emulator and says so
/// on its first line. First Ctrl-C: stop submitting, finish what is in flight; second: exit at once (130).
/// </summary>
internal sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<RunCommand>("run")
            .WithDescription("Run a manifest's jobs: submit, poll, download, with a budget, a journal and resume.")
            .WithExample("run", "examples/poster-typography.flux.yaml", "--dry-run")
            .WithExample("run", "examples/poster-typography.flux.yaml", "--budget", "2.50")
            .WithExample("run", "examples/poster-typography.flux.yaml", "--out", "runs/poster");

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The manifest (*.flux.yaml).")]
        public string File { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Run folder. Default: the manifest's output.dir, relative to the manifest's folder.")]
        public string? Out { get; init; }

        [CommandOption("--provider <NAME>")]
        [Description("bfl, comet or emulator. Default: the manifest's provider, else whichever key is set, else the embedded emulator.")]
        public string? Provider { get; init; }

        [CommandOption("--base-url <URL>")]
        [Description("API base URL (bfl: default BFL_BASE_URL or https://api.bfl.ai; comet: https://api.cometapi.com; emulator: an emulator already running).")]
        public string? BaseUrl { get; init; }

        [CommandOption("--region <REGION>")]
        [Description("BFL's regional host: global (api.bfl.ai), eu (api.eu.bfl.ai) or us (api.us.bfl.ai). Overrides the manifest's provider.region.")]
        public string? Region { get; init; }

        [CommandOption("--concurrency <N>")]
        [Description("Jobs in flight at once; overrides the manifest's concurrency.")]
        public int? Concurrency { get; init; }

        [CommandOption("--budget <USD>")]
        [Description("Spend at most this many US dollars in this run folder (earlier runs included); overrides budget.max_usd.")]
        public decimal? Budget { get; init; }

        [CommandOption("--resubmit-in-doubt")]
        [Description("Submit again the jobs whose earlier POST may or may not have arrived (they may be paid twice).")]
        public bool ResubmitInDoubt { get; init; }

        [CommandOption("--retry-failed")]
        [Description("Submit again the jobs that failed in an earlier run without being charged (not moderated ones).")]
        public bool RetryFailed { get; init; }

        [CommandOption("--retry-moderated")]
        [Description("Submit again the jobs that were moderated in an earlier run (not charged; likely moderated again).")]
        public bool RetryModerated { get; init; }

        [CommandOption("--allow-references <DIR>")]
        [Description("A further folder reference images may come from (besides the manifest's folder and its git work tree). Repeatable.")]
        public string[] AllowReferences { get; init; } = [];

        [CommandOption("--poll-interval <SECONDS>")]
        [Description("Seconds between polls of a task in progress (default 0.5).")]
        public double? PollIntervalSeconds { get; init; }

        [CommandOption("--dry-run")]
        [Description("Send nothing: show what this run would do in the run folder (done, to submit, to poll, in doubt), its cost and the budget left. Exit 3 if the budget would stop it.")]
        public bool DryRun { get; init; }

        [CommandOption("--coordinator <ADDRESS>")]
        [Description("Share the account's 24 task slots and budget.shared with other runs: redis://HOST:PORT (every machine), local (this machine; the default) or none. Default: FLUXBATCH_COORDINATOR, else local.")]
        public string? Coordinator { get; init; }

        [CommandOption("--set <PATH=VALUE>")]
        [Description("Override a manifest key for this run, e.g. --set seeds.count=1 --set sweep.grid.steps=[[8,16]] (repeatable; checked like the manifest).")]
        public string[] Overrides { get; init; } = [];

        [CommandOption("--shard <K/N>")]
        [Description("Run only shard K of N (K 1-based) of the plan, split by job id, in a folder of its own (default: output.dir + .shard-K-of-N). See docs/scaling.md.")]
        public string? Shard { get; init; }

        [CommandOption("--shards <N>")]
        [Description("Run one of N shards, K from JOB_COMPLETION_INDEX (0-based, as a Kubernetes Indexed Job sets it: 0 is shard 1/N).")]
        public int? Shards { get; init; }

        [CommandOption("--cache <DIR>")]
        [Description("Shared cache of paid results (overrides the manifest's cache: and FLUXBATCH_CACHE). See docs/scaling.md.")]
        public string? Cache { get; init; }

        [CommandOption("--no-cache")]
        [Description("Neither reuse nor store cached results in this run.")]
        public bool NoCache { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var journalReady = WarmUpJournalEngine();
        var (shard, shardError) = ShardOption.Resolve(settings.Shard, settings.Shards, Environment.GetEnvironmentVariable);
        if (shardError is not null)
        {
            Console.Error.WriteLine("error: " + shardError);
            return ExitCodes.InvalidInput;
        }
        var run = FluxRuns.Prepare(settings.File, new RunOptions
        {
            OutDir = settings.Out,
            Concurrency = settings.Concurrency,
            BudgetUsd = settings.Budget,
            ResubmitInDoubt = settings.ResubmitInDoubt,
            RetryFailed = settings.RetryFailed,
            RetryModerated = settings.RetryModerated,
            PollInterval = settings.PollIntervalSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            Coordinator = settings.Coordinator,
            Shard = shard,
            Cache = settings.Cache,
            NoCache = settings.NoCache,
            Overrides = settings.Overrides,
            AllowReferences = settings.AllowReferences,
        }, settings.Provider, settings.BaseUrl, settings.Region, Environment.GetEnvironmentVariable);
        if (run.Plan is null)
        {
            foreach (var diagnostic in run.Diagnostics)
                Console.Error.WriteLine(diagnostic.ToString());
            foreach (var error in run.Errors)
                Console.Error.WriteLine("error: " + CommandLineErrors.Word(error));
            return ExitCodes.InvalidInput;
        }
        foreach (var warning in run.Diagnostics)
            Console.Error.WriteLine(warning.ToString());

        if (settings.DryRun)
            return await DryRunAsync(run, cancellationToken);
        await journalReady;

        try
        {
            return await ExecuteAsync(console, run, cancellationToken);
        }
        catch (FluxBatchException e)
        {
            Console.Error.WriteLine("error: " + run.Redact(e.Message));
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong, its text is redacted before it reaches the terminal.
            Console.Error.WriteLine("error: " + run.Redact(e.Message));
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> ExecuteAsync(IAnsiConsole console, PreparedRun run, CancellationToken cancellationToken)
    {
        await using var emulator = run.NeedsEmbeddedEmulator
            ? await EmulatorServer.StartAsync(new EmulatorOptions { Latency = LatencySpec.EmbeddedDefault }, cancellationToken)
            : null;
        if (emulator is not null)
            Console.Out.WriteLine($"Using the embedded FLUX.2 emulator at {emulator.BaseUrl} ({run.ProviderReason}): images are synthetic and nothing is billed.");
        else
            Console.Out.WriteLine($"Provider {run.ProviderName} at {run.ProviderBaseUrl} ({run.ProviderReason}).");

        var provider = run.CreateProvider(emulator?.BaseUrl);
        using var disposeProvider = provider as IDisposable;
        var plan = run.Plan!;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{plan.Manifest.Name}{(plan.Shard is { } shard ? $" shard {shard}" : "")}: {plan.Count:N0} jobs, estimate {UsdText.Format(plan.TotalEstimateUsd)}, concurrency {run.Concurrency}, run folder {run.RunDirectory}"));
        Console.Out.WriteLine(FolderBudget.Line(await FluxRuns.FolderSpentUsdAsync(run.RunDirectory), run.BudgetUsd));

        await using var scoring = await ScoreCommand.StartDuringRunAsync(plan, run.RunDirectory); // `score:` in the manifest
        var progress = new LatestProgress();
        using var stopSubmitting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupts = new InterruptHandler(console, stopSubmitting, () => progress.Current?.InFlight ?? 0);

        // The sheet is live while the run goes (rewritten every few seconds), and written once more, final, after it.
        // Its first write waits for the first image (or for LiveSheetAtTheLatest after the first POST, if no image
        // comes): until then it has nothing to show, and start-up and the first round of submits get both cores.
        var firstPost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstImage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<FluxBatch.Planning.PlannedJob> onImageSaved = job => { firstImage.TrySetResult(); scoring?.Enqueue(job); };
        var running = run.RunAsync(provider, progress, line => Console.Out.WriteLine(line),
            onImageSaved, () => firstPost.TrySetResult(), stopSubmitting.Token);
        var liveSheetStart = Task.WhenAny(firstImage.Task, firstPost.Task.ContinueWith(_ => Task.Delay(LiveSheetAtTheLatest), TaskScheduler.Default).Unwrap());
        await using var live = RunReports.StartLiveSheet(run.RunDirectory, plan, running, startAfter: liveSheetStart);
        var report = await RunProgressView.ShowAsync(console, () => progress.Current ?? progress.Empty(plan.Count), running);
        await live.DisposeAsync();
        // Without scores to wait for, the final sheet is written on the other core while the summary prints (each
        // about 35 ms, measured): the user waits for the slower, not for both.
        var sheet = scoring is null ? Task.Run(() => RunReports.WriteContactSheetAsync(run.RunDirectory, plan)) : null;
        RunSummaryView.Show(console, report, run.RunDirectory);
        await ScoreCommand.FinishAfterRunAsync(console, scoring, run.RunDirectory, plan);
        await GalleryCommand.WriteAfterRunAsync(console, run.RunDirectory, plan, sheet);
        return ExitCodes.For(report);
    }

    /// <summary>The live sheet's first write comes at the latest this long after the first POST.</summary>
    private static readonly TimeSpan LiveSheetAtTheLatest = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Loads SQLite (its native library, its first connection) on another core while the manifest is read and planned:
    /// the journal needs it before the first POST, the manifest does not (issue 14, start fast).
    /// </summary>
    private static Task WarmUpJournalEngine() => Task.Run(static () =>
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
    });

    /// <summary><c>--dry-run</c>: the run's forecast against the folder as it is now; no provider is created, nothing is written.</summary>
    private static async Task<int> DryRunAsync(PreparedRun run, CancellationToken cancellationToken)
    {
        var forecast = await run.ForecastAsync(cancellationToken);
        var plan = run.Plan!;
        if (plan.Shard is { } shard)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shard {shard} of plan {plan.Hash[..12]}: its {plan.Count:N0} jobs, with its share of the budget"));
        ForecastView.Write(Console.Out, plan.Manifest.Name, run.RunDirectory, forecast);
        return forecast.StoppedByBudget ? ExitCodes.StoppedByBudget : ExitCodes.Ok;
    }

    /// <summary>The last progress the run reported, read by the progress view and the interrupt handler.</summary>
    private sealed class LatestProgress : IProgress<RunProgress>
    {
        private volatile RunProgress? _current;

        public RunProgress? Current => _current;

        public void Report(RunProgress value) => _current = value;

        public RunProgress Empty(long total) => new(total, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m, 0m, null, TimeSpan.Zero);
    }

    /// <summary>First SIGINT/SIGTERM: stop submitting; second: exit now with 130 (the journal is consistent at any instant).</summary>
    private sealed class InterruptHandler : IDisposable
    {
        private readonly PosixSignalRegistration _sigint;
        private readonly PosixSignalRegistration _sigterm;
        private int _count;

        public InterruptHandler(IAnsiConsole console, CancellationTokenSource stop, Func<int> inFlight)
        {
            void Handle(PosixSignalContext signal)
            {
                signal.Cancel = true;
                if (Interlocked.Increment(ref _count) > 1)
                {
                    Console.Error.WriteLine("interrupted again: leaving the jobs in flight; run the same command to resume them.");
                    Environment.Exit(ExitCodes.Interrupted);
                }
                Console.Out.WriteLine($"stopping: waiting for {inFlight()} jobs in flight (Ctrl-C again to leave them; they stay resumable)");
                stop.Cancel();
            }
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        }

        public void Dispose()
        {
            _sigint.Dispose();
            _sigterm.Dispose();
        }
    }
}
