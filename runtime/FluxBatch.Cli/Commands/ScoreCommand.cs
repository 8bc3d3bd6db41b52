using System.ComponentModel;
using System.Diagnostics;
using FluxBatch.Cli.Rendering;
using FluxBatch.Manifest;
using FluxBatch.Planning;
using FluxBatch.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch score RUNDIR</c>: scores every downloaded image of a run folder (text fidelity, sharpness,
/// colourfulness; docs/scoring.md), one image per core at once, each result journaled and written into the image's
/// sidecar. Resumable: images already scored are skipped, so an interrupted command is simply run again.
/// </summary>
internal sealed class ScoreCommand : AsyncCommand<ScoreCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<ScoreCommand>("score")
            .WithDescription("Score a run folder's images: text fidelity (Tesseract OCR against the prompt's quoted text), sharpness, colourfulness.")
            .WithExample("score", "examples/runs/poster-typography")
            .WithExample("score", "examples/runs/poster-typography", "--parallel", "2");

    internal sealed class Settings : RunFolderSettings
    {
        [CommandOption("--parallel <N>")]
        [Description("Images scored at once (default: one per core).")]
        public int? Parallel { get; init; }

        [CommandOption("--tesseract <PATH>")]
        [Description("The Tesseract program (default: `tesseract` on PATH).")]
        public string? Tesseract { get; init; }

        [CommandOption("--rescore")]
        [Description("Score every image again, also those already scored.")]
        public bool Rescore { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (!RunReports.IsRunFolder(settings.RunDirectory))
        {
            Console.Error.WriteLine($"error: no journal in '{settings.RunDirectory}': not a fluxbatch run folder");
            return ExitCodes.InvalidInput;
        }
        if (settings.Parallel is < 1)
        {
            Console.Error.WriteLine("error: --parallel must be at least 1");
            return ExitCodes.InvalidInput;
        }

        Plan? plan = null;
        var manifestPath = settings.Manifest ?? await RunReports.RecordedManifestAsync(settings.RunDirectory);
        if (manifestPath is not null && (settings.Manifest is not null || File.Exists(manifestPath)))
        {
            var read = ManifestReader.ReadFile(manifestPath);
            foreach (var diagnostic in read.Diagnostics)
                Console.Error.WriteLine(diagnostic.ToString());
            if (read.Manifest is null)
                return ExitCodes.InvalidInput;
            try
            {
                plan = Plan.Create(read.Manifest);
            }
            catch (FluxBatchException e) when (e.Diagnostic is not null)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.InvalidInput;
            }
        }

        var defaults = new ScoringOptions();
        var options = defaults with { TesseractPath = settings.Tesseract, Rescore = settings.Rescore, Parallelism = settings.Parallel ?? defaults.Parallelism };
        var clock = Stopwatch.StartNew();
        var report = await RunReports.ScoreAsync(settings.RunDirectory, plan, options,
            onProblem: Console.Error.WriteLine,
            onWarning: why => console.MarkupLineInterpolated($"[yellow]warning:[/] {why}"),
            cancellationToken: cancellationToken);

        ScoreSummaryView.Show(console, report, options.Parallelism, clock.Elapsed);
        if (plan is not null)
            await GalleryCommand.WriteAfterRunAsync(console, settings.RunDirectory, plan);
        return report.Failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary><c>score:</c> in the manifest: a queue the run feeds with each saved image, or null without it.</summary>
    public static async Task<ScoringQueue?> StartDuringRunAsync(Plan plan, string runDirectory)
    {
        var queue = await RunReports.StartScoringAsync(runDirectory, plan);
        if (queue?.OcrUnavailable is { } why)
            Console.Error.WriteLine("warning: " + why);
        return queue;
    }

    /// <summary>
    /// After the run: waits for the images queued during it, then scores what earlier runs left unscored (a resumed
    /// run delivers only the new images), and prints one line. Scores never change the run's exit code.
    /// </summary>
    public static async Task FinishAfterRunAsync(IAnsiConsole console, ScoringQueue? queue, string runDirectory, Plan plan)
    {
        if (queue is null)
            return;
        var report = await queue.FinishAsync();
        console.MarkupLineInterpolated(
            $"Scored {report.ScoredNow} images ({report.Images} scored in the folder): text fidelity {(report.MeanTextFidelity is { } mean ? "mean " + mean.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "not scored")}; per axis: fluxbatch score {runDirectory}");
        foreach (var problem in report.Problems)
            Console.Error.WriteLine(problem);
    }
}
