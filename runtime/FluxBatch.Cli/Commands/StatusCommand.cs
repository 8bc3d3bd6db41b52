using System.ComponentModel;
using System.Globalization;
using FluxBatch.Cli.Rendering;
using FluxBatch.Execution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary><c>fluxbatch status RUNDIR</c>: a run's state from its journal (safe while the run is going on).</summary>
internal sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    private const int Listed = 50;

    public static void Register(IConfigurator config) =>
        config.AddCommand<StatusCommand>("status")
            .WithDescription("Show a run folder's state from its journal: counts by state, spend, failures, in-doubt jobs.")
            .WithExample("status", "examples/runs/poster-typography")
            .WithExample("status", "examples/runs/poster-typography", "--manifest", "examples/poster-typography.flux.yaml", "--format", "json");

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUNDIR>")]
        [Description("The run folder (holds journal.db).")]
        public string RunDir { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (!File.Exists(Path.Combine(settings.RunDir, RunJournal.FileName)))
        {
            Console.Error.WriteLine($"error: no journal in '{settings.RunDir}': not a fluxbatch run folder");
            return ExitCodes.InvalidInput;
        }
        await using var journal = RunJournal.Open(settings.RunDir);
        var counts = journal.CountByState();
        long Count(JobState state) => counts.GetValueOrDefault(state);
        var total = long.TryParse(journal.GetMeta("total_jobs"), CultureInfo.InvariantCulture, out var t) ? t : counts.Values.Sum();
        var budget = decimal.TryParse(journal.GetMeta("budget_usd"), CultureInfo.InvariantCulture, out var b) ? b : (decimal?)null;

        Console.Out.WriteLine($"{journal.GetMeta("manifest") ?? "?"} via {journal.GetMeta("provider") ?? "?"}: {settings.RunDir}");
        var table = new Table().AddColumn("state").AddColumn(new TableColumn("jobs").RightAligned());
        foreach (var state in Enum.GetValues<JobState>())
            table.AddRow(state.ToText(), Count(state).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("not started", Math.Max(0, total - counts.Values.Sum()).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("[bold]total in plan[/]", total.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
        Console.Out.WriteLine($"spent: {RunProgressView.Money(journal.CommittedSpendUsd())}{(budget is { } max ? " of " + RunProgressView.Money(max) : "")} (reported costs; estimates for jobs in doubt or without a reported cost)");

        List("failed", journal.InStates([JobState.Failed], Listed), Count(JobState.Failed));
        List("in doubt (may exist and be billed; not resent unless --resubmit-in-doubt)",
            journal.InStates([JobState.InDoubt, JobState.Submitting], Listed), Count(JobState.InDoubt) + Count(JobState.Submitting));
        List("submitted, not finished (the next run polls them)",
            journal.InStates([JobState.Submitted, JobState.Ready], Listed), Count(JobState.Submitted) + Count(JobState.Ready));
        return ExitCodes.Ok;
    }

    private static void List(string title, IEnumerable<JournalRecord> rows, long total)
    {
        if (total == 0)
            return;
        Console.Out.WriteLine($"{total} {title}:");
        foreach (var row in rows)
            Console.Out.WriteLine($"  #{row.Index} {row.OutputFile} ({row.JobId}){(row.TaskId is null ? "" : " task " + row.TaskId)}: {row.Reason ?? row.State.ToText()}");
        if (total > Listed)
            Console.Out.WriteLine($"  … and {total - Listed} more");
    }
}
