using System.ComponentModel;
using System.Globalization;
using FluxBatch.Cli.Rendering;
using FluxBatch.Execution;
using FluxBatch.Planning;
using Spectre.Console;
using Spectre.Console.Cli;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch status RUNDIR</c>: a run folder's state from its journal (safe while a run is going on), counted
/// against a plan so the numbers add up: the current manifest with <c>--manifest</c>, else the plan the last run
/// recorded. <c>--watch</c> follows a run going on in another terminal; <c>--format json</c> is for scripts.
/// </summary>
internal sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    private const int Listed = 50;

    public static void Register(IConfigurator config) =>
        config.AddCommand<StatusCommand>("status")
            .WithDescription("Show a run folder's state from its journal: counts by state, spend, failures, in-doubt jobs.")
            .WithExample("status", "examples/runs/poster-typography")
            .WithExample("status", "examples/runs/poster-typography", "--format", "json")
            .WithExample("status", "examples/runs/poster-typography", "--watch");

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUNDIR>")]
        [Description("The run folder (holds journal.db).")]
        public string RunDir { get; init; } = "";

        [CommandOption("--manifest <FILE>")]
        [Description("Count against this manifest as it is now (after an edit: what a run would find). Default: the plan the last run recorded.")]
        public string? Manifest { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json (one document; one per line with --watch).")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        [CommandOption("--coordinator <ADDRESS>")]
        [Description("Where a shared budget (budget.shared) is kept, to show its spend: redis://HOST:PORT. Default: FLUXBATCH_COORDINATOR.")]
        public string? Coordinator { get; init; }

        [CommandOption("--watch")]
        [Description("Follow a run going on in another terminal: refresh until it ends (or Ctrl-C).")]
        public bool Watch { get; init; }

        [CommandOption("--interval <SECONDS>")]
        [Description("Seconds between refreshes with --watch (default 2).")]
        [DefaultValue(2.0)]
        public double Interval { get; init; } = 2.0;

        public override ValidationResult Validate() =>
            Format is not ("table" or "json") ? ValidationResult.Error($"--format must be table or json, not '{Format}'")
            : Interval is <= 0 or > 3600 ? ValidationResult.Error("--interval must be more than 0 and at most 3600 seconds")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!RunStatus.IsRunFolder(settings.RunDir))
        {
            Console.Error.WriteLine($"error: no journal in '{settings.RunDir}': not a fluxbatch run folder");
            return ExitCodes.InvalidInput;
        }

        Plan? given = null;
        if (settings.Manifest is { } file)
        {
            if (ManifestInput.Read(file, Console.Error) is not { } manifest)
                return ExitCodes.InvalidInput;
            try
            {
                given = Plan.Create(manifest with { Budget = null }); // counting, not spending: no refusal
            }
            catch (FluxBatchException e) when (e.Diagnostic is not null)
            {
                DiagnosticsPrinter.Print(Console.Error, [e.Diagnostic!]);
                return ExitCodes.InvalidInput;
            }
        }

        if (!settings.Watch)
        {
            var status = await RunStatus.ReadAsync(settings.RunDir, given, Listed);
            Show(settings, status);
            await ShowSharedBudgetAsync(settings, status, given, cancellationToken);
            return ExitCodes.Ok;
        }

        return await WatchAsync(settings, given, cancellationToken);
    }

    /// <summary>Refreshes until the run going on ends (its run.json is rewritten at its end), or Ctrl-C.</summary>
    private static async Task<int> WatchAsync(Settings settings, Plan? given, CancellationToken cancellationToken)
    {
        var summary = Path.Combine(settings.RunDir, RunReport.FileName);
        DateTime SummaryWritten() => File.Exists(summary) ? File.GetLastWriteTimeUtc(summary) : DateTime.MinValue;
        var before = SummaryWritten();
        var following = RunStatus.IsRunGoingOn(settings.RunDir);
        var interactive = settings.Format == "table" && RunProgressView.IsInteractive(AnsiConsole.Console);
        while (true)
        {
            var status = await RunStatus.ReadAsync(settings.RunDir, given, Listed);
            if (interactive)
                AnsiConsole.Console.Clear();
            Show(settings, status);
            await ShowSharedBudgetAsync(settings, status, given, cancellationToken);
            if (!following || SummaryWritten() != before)
            {
                if (settings.Format == "table")
                    Console.Out.WriteLine(following ? "the run has ended" : $"no run is going on in {settings.RunDir}: nothing to follow");
                return ExitCodes.Ok;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.Interval), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok; // Ctrl-C: stop watching; the run is not ours
            }
            following = RunStatus.IsRunGoingOn(settings.RunDir) || SummaryWritten() != before;
        }
    }

    /// <summary>The team's ledger (<c>budget.shared</c>) beside the folder's spend, when the coordinator can be reached.</summary>
    private static async Task ShowSharedBudgetAsync(Settings settings, RunStatus status, Plan? given, CancellationToken cancellationToken)
    {
        if (settings.Format != "table")
            return;
        var name = given?.Manifest.Budget?.Shared ?? status.SharedBudget;
        var max = given?.Manifest.Budget?.MaxUsd ?? status.BudgetUsd;
        if (name is null)
            return;
        if ((settings.Coordinator ?? Environment.GetEnvironmentVariable(CoordinatorEnvironment)) is not { } coordinator)
        {
            Console.Out.WriteLine($"shared budget '{name}': pass --coordinator redis://HOST:PORT (or set {CoordinatorEnvironment}) to show its spend");
            return;
        }
        var (reading, error) = await RunStatus.ReadSharedBudgetAsync(coordinator, name, cancellationToken);
        Console.Out.WriteLine(reading is not { } ledger
            ? $"shared budget '{name}': not reachable ({error})"
            : $"shared budget '{name}' (every run sharing it): spent {UsdText.Format(ledger.SpentUsd)}"
              + (ledger.OpenReservations > 0 ? $", {UsdText.Format(ledger.ReservedUsd)} reserved by {ledger.OpenReservations} jobs in flight" : "")
              + (max is { } m ? $" of {UsdText.Format(m)}, {UsdText.Format(Math.Max(0m, m - ledger.SpentUsd - ledger.ReservedUsd))} left" : ""));
    }

    private const string CoordinatorEnvironment = "FLUXBATCH_COORDINATOR";

    private static void Show(Settings settings, RunStatus status)
    {
        if (settings.Format == "json")
            StatusJson.Write(Console.Out, settings.RunDir, status);
        else
        {
            ShowTable(settings.RunDir, status);
            foreach (var line in StatusExtras.Lines(status))
                Console.Out.WriteLine(line);
        }
    }

    private static void ShowTable(string runDirectory, RunStatus status)
    {
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        Console.Out.WriteLine($"{status.Manifest} via {status.Provider}: {runDirectory}");
        Console.Out.WriteLine("counted against " + status.Basis switch
        {
            StatusBasis.GivenManifest => $"{status.ManifestPath} as it is now",
            StatusBasis.RecordedPlan => $"the plan of the last run ({status.ManifestPath} as it was then; --manifest FILE counts against it as it is now)",
            _ => "the journal (no plan recorded: --manifest FILE counts against a manifest)",
        });
        var table = new Table().AddColumn("state").AddColumn(new TableColumn("jobs").RightAligned());
        foreach (var state in Enum.GetValues<JobState>())
            table.AddRow(RunStatus.Name(state), N(status.Count(state)));
        table.AddRow("not started", N(status.NotStarted));
        table.AddRow("[bold]total in plan[/]", N(status.TotalJobs));
        AnsiConsole.Console.Write(table);
        if (status.OtherPlans > 0)
            Console.Out.WriteLine($"{N(status.OtherPlans)} more in the journal from other versions of the plan (not counted above)");
        Console.Out.WriteLine($"spent in the run folder: {UsdText.Format(status.FolderSpentUsd)}"
            + (status.BudgetUsd is { } max ? $" of {UsdText.Format(max)}, {UsdText.Format(Math.Max(0m, max - status.FolderSpentUsd))} left" : "")
            + " (reported costs; estimates for jobs in doubt or without a reported cost)");

        List(status, "failed", [JobState.Failed]);
        foreach (var line in status.RetryLines)
            Console.Out.WriteLine(line);
        List(status, "in doubt (may exist and be billed; not resent unless --resubmit-in-doubt)", [JobState.InDoubt, JobState.Submitting]);
        List(status, "submitted, not finished (the next run polls them)", [JobState.Submitted, JobState.Ready]);
    }

    private static void List(RunStatus status, string title, JobState[] states)
    {
        var total = states.Sum(status.Count);
        if (total == 0)
            return;
        Console.Out.WriteLine($"{total} {title}:");
        var rows = states.SelectMany(s => status.Listed[s]).OrderBy(r => r.Index).Take(Listed).ToList();
        foreach (var row in rows)
            Console.Out.WriteLine($"  #{row.Index} {row.OutputFile} ({row.JobId}){(row.TaskId is null ? "" : " task " + row.TaskId)}: {row.Reason ?? RunStatus.Name(row.State)}");
        if (total > rows.Count)
            Console.Out.WriteLine($"  … and {total - rows.Count} more");
    }
}

/// <summary>What <c>status</c> adds for shards and the shared cache (docs/scaling.md).</summary>
internal static class StatusExtras
{
    public static IEnumerable<string> Lines(RunStatus status)
    {
        if (status.Shard is { } shard)
            yield return $"shard {shard.Number} of {shard.Count} (1-based) of plan {status.PlanHash?[..Math.Min(12, status.PlanHash.Length)] ?? "?"}: `fluxbatch merge` joins the shards' folders";
        if (status.FromCache > 0)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{status.FromCache:N0} delivered from the cache (counted as downloaded, nothing charged), saving {UsdText.Format(status.SavedUsd)} (estimate)");
    }
}
