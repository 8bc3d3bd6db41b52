using System.Globalization;
using FluxBatch.Execution;
using FluxBatch.Planning;
using Spectre.Console;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// The human view of a plan, in 80 columns: the prompt once (rendered when it is the same for every job, else its
/// template and what it varies with), then the first jobs with a short id, one column per swept name, the seed
/// with its ordinal and the estimate; then count, estimate and the run folder's money. Full ids: --format jsonl.
/// </summary>
internal static class PlanTable
{
    private const int Width = 80;
    private const int ShortId = 8;
    private const int MinColumn = 6;
    private const string Gap = "  ";

    public static void Write(IAnsiConsole console, Plan plan, int limit, RunForecast forecast)
    {
        var output = console.Profile.Out.Writer;
        var jobs = plan.Jobs.Take(limit).ToList();
        foreach (var line in Wrap(PromptLine(plan, jobs)))
            output.WriteLine(line);

        var swept = plan.SweptNames;
        string[] headers = ["#", "id", .. swept, "seed #k", "estimate"];
        var idLength = ShortIdLength(jobs);
        var rows = jobs.Select(job => (string[])[
            job.Index.ToString(CultureInfo.InvariantCulture),
            job.Id[..Math.Min(idLength, job.Id.Length)],
            .. swept.Select(name => JobText.Value(job.Parameters.FirstOrDefault(p => p.Key == name).Value)),
            JobText.Seed(job),
            UsdText.Format(job.EstimatedUsd)]).ToList();
        var widths = FitWidths(headers, rows, firstSwept: 2, sweptCount: swept.Count);
        // Plain fixed-width text, not a Spectre table: the widths above are exactly what is printed, so the
        // table fits 80 columns on any terminal and nothing is wrapped inside a cell.
        var numeric = new HashSet<int> { 0, headers.Length - 2, headers.Length - 1 };
        string Line(IReadOnlyList<string> cells) => string.Join(Gap, cells.Select((cell, c) =>
        {
            var text = JobText.Truncate(cell, widths[c]);
            return numeric.Contains(c) ? text.PadLeft(widths[c]) : text.PadRight(widths[c]);
        })).TrimEnd();
        output.WriteLine(Line(headers));
        output.WriteLine(string.Join(Gap, widths.Select(w => new string('─', w))));
        foreach (var row in rows)
            output.WriteLine(Line(row));
        if (plan.Count > limit)
        {
            console.MarkupLine($"[grey]… {plan.Count - limit} more (use --limit or --format jsonl)[/]");
        }

        Summary(console, plan, forecast);
    }

    /// <summary>The prompt once: rendered when no job differs, else the template and the names it varies with.</summary>
    private static string PromptLine(Plan plan, IReadOnlyList<PlannedJob> jobs)
    {
        var varies = plan.PromptVariesWith;
        if (varies.Count == 0)
            return "prompt: " + (jobs.Count > 0 ? jobs[0].Prompt.ReplaceLineEndings(" ").Trim() : "");
        var template = plan.Manifest.Prompt is FluxBatch.Manifest.Model.StringValue text
            ? text.Value.ReplaceLineEndings(" ").Trim()
            : "a structured prompt (--format jsonl shows each job's)";
        return $"prompt (varies with {string.Join(", ", varies)}): {template}";
    }

    /// <summary>Words onto lines of at most 80 columns, continuation lines indented (a word longer than a line stays whole).</summary>
    private static IEnumerable<string> Wrap(string text)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > Width)
            {
                yield return line.ToString();
                line.Clear().Append("   ");
            }
            line.Append(line.Length == 0 || line.ToString() == "   " ? "" : " ").Append(word);
        }
        if (line.Length > 0)
            yield return line.ToString();
    }

    /// <summary>8 characters, or more if two of the shown ids share their first 8.</summary>
    private static int ShortIdLength(IReadOnlyList<PlannedJob> jobs)
    {
        var length = ShortId;
        while (jobs.Select(j => j.Id[..Math.Min(length, j.Id.Length)]).Distinct(StringComparer.Ordinal).Count() < jobs.Count
               && jobs.Any(j => j.Id.Length > length))
            length++;
        return length;
    }

    /// <summary>
    /// Each column's width: its widest cell, then, while the table is wider than 80 columns, the widest swept column
    /// gives up a character (its values end in "…"); ids, seeds and estimates are never cut.
    /// </summary>
    private static int[] FitWidths(string[] headers, List<string[]> rows, int firstSwept, int sweptCount)
    {
        var widths = headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        int Total() => widths.Sum() + (widths.Length - 1) * Gap.Length;
        while (Total() > Width)
        {
            var widest = Enumerable.Range(firstSwept, sweptCount).Where(c => widths[c] > Math.Max(MinColumn, headers[c].Length))
                .OrderByDescending(c => widths[c]).DefaultIfEmpty(-1).First();
            if (widest < 0)
                break;
            widths[widest]--;
        }
        return widths;
    }

    /// <summary>Count and estimate, then the run folder's money: the budget spans the folder, so what is left is what counts.</summary>
    public static void Summary(IAnsiConsole console, Plan plan, RunForecast forecast)
    {
        console.MarkupLine($"[bold]{plan.Count}[/] jobs ({plan.CombinationCount} combinations x {plan.SeedsPerCombination} seeds) for [bold]{Markup.Escape(plan.Manifest.Model)}[/]");
        console.MarkupLine($"seeds: {Markup.Escape(plan.SeedPolicyDescription)}");
        if (plan.Shard is { } shard)
            console.MarkupLine($"shard [bold]{shard}[/] (1-based; split by job id): these {plan.Count} jobs of the plan, estimate [bold]{Markup.Escape(UsdText.Format(plan.TotalEstimateUsd))}[/], budget share {Markup.Escape(plan.Budget is { } s ? UsdText.Format(plan.BudgetShare(s.MaxUsd)) : "none")}; plan {plan.Hash[..12]}");
        else
            console.MarkupLine($"estimate [bold]{Markup.Escape(UsdText.Format(plan.TotalEstimateUsd))}[/], budget {Markup.Escape(plan.Budget is { } b ? UsdText.Format(b.MaxUsd) : "none")}");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"run folder {plan.DefaultRunFolder}: {forecast.AlreadyDone:N0} done, {forecast.ToSubmit:N0} to submit (estimate {UsdText.Format(forecast.SubmitEstimateUsd)})");
        if (forecast.ToPoll + forecast.InDoubt + forecast.Failed > 0)
            line += string.Create(CultureInfo.InvariantCulture, $", {forecast.ToPoll:N0} to poll, {forecast.InDoubt:N0} in doubt, {forecast.Failed:N0} failed");
        // Plain lines on the console's own writer: Spectre would wrap them at the terminal's width.
        var output = console.Profile.Out.Writer;
        output.WriteLine(line);
        output.WriteLine(FolderBudget.Line(forecast.FolderSpentUsd, forecast.BudgetUsd)
            + (forecast.StoppedByBudget ? string.Create(CultureInfo.InvariantCulture, $": only {forecast.SubmitsWithinBudget:N0} of the {forecast.ToSubmit:N0} to submit fit") : ""));
    }
}
