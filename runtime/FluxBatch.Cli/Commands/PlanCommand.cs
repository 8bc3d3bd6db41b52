using System.ComponentModel;
using FluxBatch.Cli.Rendering;
using FluxBatch.Execution;
using FluxBatch.Planning;
using FluxBatch.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch plan FILE</c>: the jobs a manifest would run, without running them. <c>table</c> (default) shows
/// the first jobs and the totals; <c>jsonl</c> writes one job per line to stdout and nothing else (the summary
/// goes to stderr); <c>json</c> one document. <c>--check</c>/<c>--accept</c> compare with or update the plan
/// snapshot beside the manifest. Exit 0 ok, 1 snapshot differs, 2 invalid manifest, 3 estimate over budget.
/// </summary>
internal sealed class PlanCommand(IAnsiConsole console) : Command<PlanCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<PlanCommand>("plan")
            .WithDescription("Show the jobs a manifest would run (ids, seeds, prompts, estimated cost); check plan snapshots.")
            .WithExample("plan", "examples/poster-typography.flux.yaml")
            .WithExample("plan", "examples/seeded-16.flux.yaml", "--format", "jsonl")
            .WithExample("plan", "examples/poster-typography.flux.yaml", "--check")
            .WithExample("plan", "examples/poster-typography.flux.yaml", "--shard", "1/4");

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The manifest (*.flux.yaml).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or jsonl.")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        [CommandOption("--limit <N>")]
        [Description("Jobs to show: default 20 for the table, all for json/jsonl.")]
        public long? Limit { get; init; }

        [CommandOption("--check")]
        [Description("Compare the full plan with FILE's .plan.verified.txt; on a difference write .plan.received.txt, print a diff, exit 1.")]
        public bool Check { get; init; }

        [CommandOption("--set <PATH=VALUE>")]
        [Description("Override a manifest key, e.g. --set defaults.width=512 --set seeds.count=1 (repeatable; checked like the manifest).")]
        public string[] Overrides { get; init; } = [];

        [CommandOption("--shard <K/N>")]
        [Description("Show only shard K of N (K 1-based): the jobs, count and estimate `run --shard K/N` would run.")]
        public string? Shard { get; init; }

        [CommandOption("--shards <N>")]
        [Description("As --shard, K from JOB_COMPLETION_INDEX (0-based, as a Kubernetes Indexed Job sets it).")]
        public int? Shards { get; init; }

        [CommandOption("--accept")]
        [Description("Write the full plan to FILE's .plan.verified.txt (also FLUXBATCH_ACCEPT=1, ignored when CI=true).")]
        public bool Accept { get; init; }

        public override ValidationResult Validate() =>
            Format is "table" or "json" or "jsonl"
                ? Limit is < 0 ? ValidationResult.Error("--limit must be 0 or more") : ValidationResult.Success()
                : ValidationResult.Error($"--format must be table, json or jsonl, not '{Format}'");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (shard, shardError) = ShardOption.Resolve(settings.Shard, settings.Shards, Environment.GetEnvironmentVariable);
        if (shardError is null && shard is not null && (settings.Check || settings.Accept))
            shardError = "--check and --accept snapshot the whole plan: leave out --shard/--shards";
        if (shardError is not null)
        {
            Console.Error.WriteLine("error: " + shardError);
            return ExitCodes.InvalidInput;
        }

        var manifest = ManifestInput.Read(settings.File, Console.Error, settings.Overrides);
        if (manifest is null)
        {
            return ExitCodes.InvalidInput;
        }

        var manifestDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.File))!;
        try
        {
            var whole = Plan.Create(manifest);
            var plan = shard is null ? whole : whole.ForShard(shard);
            var code = settings.Check || settings.Accept
                ? Snapshot(settings, plan)
                : Show(settings, plan, manifestDirectory);
            if (plan.IsRefused)
            {
                DiagnosticsPrinter.Print(Console.Error, plan.Diagnostics);
                return plan.InputErrors.Any() ? ExitCodes.InvalidInput : code == ExitCodes.Ok ? ExitCodes.StoppedByBudget : code;
            }

            return code;
        }
        catch (FluxBatchException e) when (e.Diagnostic is not null)
        {
            DiagnosticsPrinter.Print(Console.Error, [e.Diagnostic!]);
            return ExitCodes.InvalidInput;
        }
    }

    private int Show(Settings settings, Plan plan, string manifestDirectory)
    {
        switch (settings.Format)
        {
            case "jsonl":
                PlanJson.WriteLines(Console.OpenStandardOutput(), plan, manifestDirectory, settings.Limit ?? long.MaxValue);
                PlanTable.Summary(StandardError(), plan, Forecast(plan));
                break;
            case "json":
                PlanJson.WriteDocument(Console.OpenStandardOutput(), plan, manifestDirectory, settings.Limit ?? long.MaxValue);
                break;
            default:
                PlanTable.Write(console, plan, (int)Math.Min(int.MaxValue, settings.Limit ?? 20), Forecast(plan));
                break;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The plan against its run folder as it is now (the budget spans the folder, earlier runs included).</summary>
    private static RunForecast Forecast(Plan plan) => FluxRuns.ForecastAsync(plan).GetAwaiter().GetResult();

    private static int Snapshot(Settings settings, Plan plan)
    {
        var snapshot = new SnapshotFile(VerifiedPathOf(settings.File));
        var text = plan.ToSnapshotText();
        if (settings.Accept)
        {
            snapshot.Accept(text);
            Console.Out.WriteLine($"accepted {snapshot.VerifiedPath}");
            return ExitCodes.Ok;
        }

        if (snapshot.Check(text) is not { } mismatch)
        {
            Console.Out.WriteLine($"plan matches {snapshot.VerifiedPath}");
            return ExitCodes.Ok;
        }

        if (SnapshotFile.AcceptRequested(Environment.GetEnvironmentVariable))
        {
            snapshot.Accept(text);
            Console.Out.WriteLine($"accepted {snapshot.VerifiedPath} ({SnapshotFile.AcceptVariable}=1): {mismatch.Summary}");
            return ExitCodes.Ok;
        }

        // The summary first: a reviewer sees "+20 jobs, −16 jobs, cost +$0.24" before a long diff.
        Console.Out.Write(mismatch.Report);
        return ExitCodes.Failed;
    }

    /// <summary>
    /// The snapshot beside the manifest, named as Verify names files: <c>poster.flux.yaml</c> is checked against
    /// <c>poster.flux.plan.verified.txt</c> (the name without <c>.yaml</c>/<c>.yml</c>, then <c>.plan.verified.txt</c>).
    /// </summary>
    private static string VerifiedPathOf(string manifestPath)
    {
        var name = Path.GetFileName(manifestPath);
        foreach (var extension in new[] { ".yaml", ".yml" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
                break;
            }
        }

        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, name + ".plan.verified.txt");
    }

    private static IAnsiConsole StandardError() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
