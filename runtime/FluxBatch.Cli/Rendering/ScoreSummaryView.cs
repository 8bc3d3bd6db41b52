using System.Globalization;
using FluxBatch.Planning;
using FluxBatch.Scoring;
using Spectre.Console;

namespace FluxBatch.Cli.Rendering;

/// <summary>What `fluxbatch score` prints at the end: counts and means, then (with a plan) the means per axis value.</summary>
internal static class ScoreSummaryView
{
    public static void Show(IAnsiConsole console, IReadOnlyList<ScoredImage> results, Plan? plan, int parallelism, TimeSpan elapsed)
    {
        var scored = results.Where(r => r.Scores is not null).Select(r => r.Scores!).ToArray();
        var text = scored.Where(s => s.TextFidelity is not null).ToArray();
        var table = new Table().Title("Scores").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("images scored now", Count(results.Count(r => r.Outcome == ScoreOutcome.Scored)));
        Row("already scored (skipped)", Count(results.Count(r => r.Outcome == ScoreOutcome.Skipped)));
        Row("could not be scored", Count(results.Count(r => r.Outcome == ScoreOutcome.Failed)));
        Row("text fidelity, mean (images with text read)", text.Length == 0 ? "-" : $"{Number(text.Average(s => s.TextFidelity!.Value))} ({Count(text.Length)})");
        Row("text fidelity, worst image", text.Length == 0 ? "-" : Number(text.Min(s => s.TextFidelityWorst!.Value)));
        Row("sharpness, mean", scored.Length == 0 ? "-" : Number(scored.Average(s => s.Sharpness), "0.0"));
        Row("colourfulness, mean", scored.Length == 0 ? "-" : Number(scored.Average(s => s.Colourfulness), "0.0"));
        Row("elapsed", elapsed.ToString(@"hh\:mm\:ss\.f", CultureInfo.InvariantCulture) + $" ({parallelism} at once)");
        console.Write(table);

        if (plan is null)
            return;
        var byJob = results.Where(r => r.Scores is not null).ToDictionary(r => r.JobId, r => r.Scores!, StringComparer.Ordinal);
        var axes = ScoreAggregates.ByAxis(plan.Jobs, byJob);
        if (axes.Count == 0)
            return;
        var perAxis = new Table().Title("Means per axis value (text fidelity: mean, min-max over the images)")
            .AddColumn("axis").AddColumn("value").AddColumn(new TableColumn("images").RightAligned())
            .AddColumn(new TableColumn("text fidelity").RightAligned()).AddColumn(new TableColumn("sharpness").RightAligned())
            .AddColumn(new TableColumn("colourfulness").RightAligned());
        foreach (var row in axes)
        {
            perAxis.AddRow(Markup.Escape(row.Axis), Markup.Escape(row.Value), Count(row.Images),
                row.MeanText is { } mean ? $"{Number(mean)} ({Number(row.MinText!.Value)}-{Number(row.MaxText!.Value)})" : "-",
                Number(row.MeanSharpness, "0.0"), Number(row.MeanColourfulness, "0.0"));
        }
        console.Write(perAxis);
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}
