using System.ComponentModel;
using System.Diagnostics;
using FluxBatch.Cli.Rendering;
using FluxBatch.Execution;
using FluxBatch.Gallery;
using FluxBatch.Manifest;
using FluxBatch.Outputs;
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

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUNDIR>")]
        [Description("The run folder (holds journal.db).")]
        public string RunDirectory { get; init; } = "";

        [CommandOption("--manifest <FILE>")]
        [Description("The run's manifest (for score.text and per-axis means); by default the one recorded in the run folder, else the sidecars' prompts are read.")]
        public string? Manifest { get; init; }

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
        if (!File.Exists(Path.Combine(settings.RunDirectory, RunJournal.FileName)))
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
        var manifestPath = settings.Manifest ?? await RunContactSheet.RecordedManifestAsync(settings.RunDirectory);
        if (manifestPath is not null && (settings.Manifest is not null || File.Exists(manifestPath)))
        {
            var read = ManifestReader.ReadFile(manifestPath);
            foreach (var diagnostic in read.Diagnostics)
                Console.Error.WriteLine(diagnostic.ToString());
            if (read.Manifest is null)
                return ExitCodes.InvalidInput;
            try
            {
                plan = Planner.Create(read.Manifest);
            }
            catch (PlanningException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.InvalidInput;
            }
        }

        var options = new ScoringOptions { TesseractPath = settings.Tesseract, Rescore = settings.Rescore };
        var parallelism = settings.Parallel ?? options.Parallelism;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ScoredImage> results;
        string? ocrUnavailable;
        await using (var journal = RunJournal.Open(settings.RunDirectory))
        {
            var scoring = await RunScoring.StartAsync(new RunFolder(settings.RunDirectory), journal.Scores, plan?.Manifest, options, cancellationToken: cancellationToken);
            ocrUnavailable = scoring.OcrUnavailable;
            if (ocrUnavailable is not null)
                console.MarkupLineInterpolated($"[yellow]warning:[/] {ocrUnavailable}");
            results = await scoring.ScoreRunAsync(journal, plan, parallelism, image =>
            {
                if (image.Problem is not null)
                    Console.Error.WriteLine($"{image.File}: {image.Problem}");
            }, cancellationToken);
        }

        ScoreSummaryView.Show(console, results, plan, parallelism, clock.Elapsed);
        if (plan is not null)
            await GalleryCommand.WriteAfterRunAsync(console, settings.RunDirectory, plan);
        return results.Any(r => r.Outcome == ScoreOutcome.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary><c>score:</c> in the manifest: a queue the run feeds with each saved image, or null without it.</summary>
    public static async Task<ScoringQueue?> StartDuringRunAsync(Plan plan, string runDirectory)
    {
        if (plan.Manifest.Score is null)
            return null;
        var queue = await ScoringQueue.StartAsync(runDirectory, plan.Manifest);
        if (queue.OcrUnavailable is { } why)
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
        var during = await queue.CompleteAsync();
        IReadOnlyList<ScoredImage> rest;
        await using (var journal = RunJournal.Open(runDirectory))
            rest = await queue.Scoring.ScoreRunAsync(journal, plan, new ScoringOptions().Parallelism);
        var all = during.Concat(rest).Where(r => r.Scores is not null).GroupBy(r => r.JobId).Select(g => g.First().Scores!).ToArray();
        var text = all.Where(s => s.TextFidelity is not null).Select(s => s.TextFidelity!.Value).ToArray();
        var scoredNow = during.Count(r => r.Outcome == ScoreOutcome.Scored) + rest.Count(r => r.Outcome == ScoreOutcome.Scored);
        console.MarkupLineInterpolated(
            $"Scored {scoredNow} images ({all.Length} scored in the folder): text fidelity {(text.Length == 0 ? "not scored" : "mean " + text.Average().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))}; per axis: fluxbatch score {runDirectory}");
        foreach (var problem in during.Concat(rest).Where(r => r.Problem is not null))
            Console.Error.WriteLine($"{problem.File}: {problem.Problem}");
    }
}
