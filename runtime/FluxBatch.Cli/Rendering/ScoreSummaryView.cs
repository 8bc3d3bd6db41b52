using System.Globalization;
using FluxBatch.Scoring;
using Spectre.Console;

namespace FluxBatch.Cli.Rendering;

/// <summary>What `fluxbatch score` prints at the end: counts and means, then (with a plan) the means per axis value.</summary>
internal static class ScoreSummaryView
{
    public static void Show(IAnsiConsole console, ScoreReport report, int parallelism, TimeSpan elapsed)
    {
        var table = new Table().Title("Scores").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("images scored now", Count(report.ScoredNow));
        Row("already scored (skipped)", Count(report.Skipped));
        Row("could not be scored", Count(report.Failed));
        Row("text fidelity, mean (images with text read)", report.MeanTextFidelity is { } mean ? $"{Number(mean)} ({Count(report.TextScored)})" : "-");
        Row("text fidelity, worst image", report.WorstTextFidelity is { } worst ? Number(worst) : "-");
        Row("sharpness, mean", report.MeanSharpness is { } sharpness ? Number(sharpness, "0.0") : "-");
        Row("colourfulness, mean", report.MeanColourfulness is { } colourfulness ? Number(colourfulness, "0.0") : "-");
        Row("elapsed", elapsed.ToString(@"hh\:mm\:ss\.f", CultureInfo.InvariantCulture) + $" ({parallelism} at once)");
        console.Write(table);

        if (report.PerAxis.Count == 0)
            return;
        var perAxis = new Table().Title("Means per axis value (text fidelity: mean, min-max over the images)")
            .AddColumn("axis").AddColumn("value").AddColumn(new TableColumn("images").RightAligned())
            .AddColumn(new TableColumn("text fidelity").RightAligned()).AddColumn(new TableColumn("sharpness").RightAligned())
            .AddColumn(new TableColumn("colourfulness").RightAligned());
        foreach (var row in report.PerAxis)
        {
            perAxis.AddRow(Markup.Escape(row.Axis ?? ""), Markup.Escape(row.Value ?? ""), Count(row.Images),
                row.MeanTextFidelity is { } axisMean ? $"{Number(axisMean)} ({Number(row.MinTextFidelity!.Value)}-{Number(row.MaxTextFidelity!.Value)})" : "-",
                Number(row.MeanSharpness ?? 0, "0.0"), Number(row.MeanColourfulness ?? 0, "0.0"));
        }
        console.Write(perAxis);
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}
