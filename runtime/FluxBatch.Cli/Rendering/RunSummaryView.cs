using System.Globalization;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using Spectre.Console;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Cli.Rendering;

/// <summary>The table printed at the end of a run, then the failures and in-doubt jobs by name.</summary>
internal static class RunSummaryView
{
    public static void Show(IAnsiConsole console, RunReport report, string runDirectory)
    {
        var table = new Table().Title("Run summary").HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("outcome", Outcome(report));
        Row("jobs in plan", Count(report.TotalJobs));
        Row("downloaded now", Count(report.Downloaded));
        Row("already done", Count(report.AlreadyDone));
        Row("failed", Count(report.Failed));
        Row("in doubt", Count(report.InDoubt));
        Row("unfinished (resume polls them)", Count(report.Unfinished));
        Row("not run", Count(report.NotRun));
        Row("submissions", Count(report.Submissions));
        Row("spent", UsdText.Format(report.SpentUsd) + (report.BudgetUsd is { } b ? " of " + UsdText.Format(b) : ""));
        Row("elapsed", report.Elapsed.ToString(@"hh\:mm\:ss\.f", CultureInfo.InvariantCulture));
        console.Write(table);
        // Paths on a line of their own, never wrapped into a table cell: they are copied and clicked.
        Console.Out.WriteLine("run folder: " + runDirectory);

        foreach (var notice in report.Notices)
            Console.Out.WriteLine("note: " + notice);
        if (report.StopReason is { } reason)
            Console.Out.WriteLine($"stopped: {reason}");
        Issues("failed", report.Failures, report.Failed);
        Issues("in doubt (not resent; --resubmit-in-doubt sends them again, possibly paying twice)", report.InDoubtJobs, report.InDoubt);
    }

    public static string Outcome(RunReport report) => report.Outcome switch
    {
        RunOutcome.Completed => "all jobs done",
        RunOutcome.CompletedWithFailures => "finished with failures",
        RunOutcome.BudgetReached => "stopped by budget",
        RunOutcome.Interrupted => "interrupted",
        RunOutcome.Stopped => "stopped",
        _ => report.Outcome.ToString(),
    };

    private static void Issues(string title, IReadOnlyList<JobIssue> issues, long total)
    {
        if (total == 0)
            return;
        // Plain lines, never wrapped: people grep them and paste them into bug reports.
        Console.Out.WriteLine($"{total} {title}:");
        foreach (var issue in issues)
            Console.Out.WriteLine($"  #{issue.Index} {issue.File} ({issue.JobId}): {issue.Reason}");
        if (total > issues.Count)
            Console.Out.WriteLine($"  … and {total - issues.Count} more: fluxbatch status <run folder>");
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
