using FluxBatch.Planning;
using Spectre.Console;

namespace FluxBatch.Cli.Rendering;

/// <summary>The human view of a plan: the first jobs in a table, then count, estimate and budget.</summary>
internal static class PlanTable
{
    public static void Write(IAnsiConsole console, Plan plan, int limit)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#")
            .AddColumn("id")
            .AddColumn("prompt")
            .AddColumn("parameters")
            .AddColumn(new TableColumn("seed #k").RightAligned())
            .AddColumn(new TableColumn("estimate").RightAligned());
        // Vars are the same for every job: the table shows what varies.
        var vars = plan.Manifest.Vars.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var job in plan.Jobs.Take(limit))
        {
            table.AddRow(
                Markup.Escape(job.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Markup.Escape(job.Id),
                Markup.Escape(JobText.Truncate(job.Request.Prompt, 40)),
                Markup.Escape(JobText.Parameters(job, vars)),
                Markup.Escape(JobText.Seed(job)),
                Markup.Escape(UsdText.Format(job.EstimatedUsd)));
        }

        console.Write(table);
        if (plan.Count > limit)
        {
            console.MarkupLine($"[grey]… {plan.Count - limit} more (use --limit or --format jsonl)[/]");
        }

        Summary(console, plan);
    }

    public static void Summary(IAnsiConsole console, Plan plan)
    {
        console.MarkupLine($"[bold]{plan.Count}[/] jobs ({plan.CombinationCount} combinations x {plan.SeedsPerCombination} seeds) for [bold]{Markup.Escape(plan.Manifest.Model)}[/]; {Markup.Escape(plan.SeedPolicyDescription)}");
        console.MarkupLine($"estimate [bold]{Markup.Escape(UsdText.Format(plan.TotalEstimateUsd))}[/], budget {Markup.Escape(plan.Budget is { } b ? UsdText.Format(b.MaxUsd) : "none")}");
    }
}
