using FluxBatch.Execution;
using FluxBatch.Gallery;
using FluxBatch.Merging;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using FluxBatch.Scoring;

namespace FluxBatch;

/// <summary>
/// The door to what is made from a run folder, after or during its run: the contact sheet (and the live sheet while
/// the run goes), the export, the comparison of two runs, the merge of a plan's shards, and the scores of its
/// images. Each tool reads the folder's journal and sidecars; none changes a job's state. The implementations
/// (Gallery/, Scoring/, Merging/) are internal.
/// </summary>
public static class RunReports
{
    /// <summary>Whether <paramref name="runDirectory"/> holds a run's journal (a run, a merge or a sheet was made there).</summary>
    public static bool IsRunFolder(string runDirectory) => File.Exists(Path.Combine(runDirectory, RunJournal.FileName));

    /// <summary>The manifest a sheet was last written for in this folder (its full path), or null.</summary>
    public static Task<string?> RecordedManifestAsync(string runDirectory) => RunContactSheet.RecordedManifestAsync(runDirectory);

    /// <summary>Builds the contact sheet of <paramref name="plan"/> in <paramref name="runDirectory"/> and writes <c>index.html</c> there.</summary>
    /// <returns>The page's full path.</returns>
    public static Task<string> WriteContactSheetAsync(string runDirectory, Plan plan, ContactSheetOptions? options = null, CancellationToken cancellationToken = default) =>
        RunContactSheet.WriteAsync(runDirectory, plan, options, cancellationToken);

    /// <summary>
    /// Keeps the folder's contact sheet live while <paramref name="run"/> goes: written once <paramref name="startAfter"/>
    /// (or the run) completes, then rewritten every 3 s; the page reloads itself meanwhile. Dispose it once the run is
    /// over, before writing the final sheet: that stops the rewrites. Disposed while the run failed or still goes, it
    /// writes a final, not-live sheet itself. A sheet that cannot be written never stops the run.
    /// </summary>
    /// <param name="startAfter">Defer the first write until this completes (e.g. the run's first POST): start-up goes to the run.</param>
    public static IAsyncDisposable StartLiveSheet(string runDirectory, Plan plan, Task run, Task? startAfter = null, ContactSheetOptions? options = null) =>
        new RunLiveSheet(runDirectory, plan, run, startAfter, options);

    /// <summary>
    /// Writes the compare page of two run folders (<c>index.html</c> in <paramref name="outDirectory"/>): the jobs
    /// made with the same parameters and seed side by side, images linked relatively from both runs.
    /// </summary>
    /// <returns>The page's full path.</returns>
    public static Task<string> WriteComparePageAsync(string runA, Plan planA, string runB, Plan planB, string outDirectory,
        ContactSheetOptions? options = null, CancellationToken cancellationToken = default) =>
        ComparePage.WriteAsync(runA, planA, runB, planB, outDirectory, options, cancellationToken);

    /// <summary>Writes the run folder as rows, one per planned job (id, state, seed, parameters, cost, timings, image, task id, scores).</summary>
    /// <returns>The rows written (the plan's job count).</returns>
    /// <param name="format">One of <see cref="ExportFormats"/> (any case): <c>csv</c> (a header line, RFC 4180 quoting: for
    /// spreadsheets) or <c>jsonl</c> (one JSON object per line: for notebooks).</param>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not one of <see cref="ExportFormats"/>.</exception>
    public static Task<long> ExportAsync(string runDirectory, Plan plan, string format, TextWriter output, CancellationToken cancellationToken = default) =>
        RunExport.WriteAsync(runDirectory, plan, ExportFormatOf(format) ?? throw new ArgumentException($"the export format must be {string.Join(" or ", ExportFormats)}, not '{format}'", nameof(format)),
            output, cancellationToken);

    /// <summary>The formats <see cref="ExportAsync"/> writes.</summary>
    public static IReadOnlyList<string> ExportFormats { get; } = ["csv", "jsonl"];

    private static ExportFormat? ExportFormatOf(string format) => format.ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "jsonl" => ExportFormat.Jsonl,
        _ => null,
    };

    /// <summary>
    /// Merges the run folders of one plan's shards (or of the same plan run in several places) into
    /// <paramref name="outDirectory"/>: every image once, one journal, one contact sheet, one export. Input it refuses
    /// (different plans, not run folders, a folder in use) comes back as <see cref="MergeReport.Refused"/>, with
    /// nothing written.
    /// </summary>
    public static async Task<MergeReport> MergeAsync(IReadOnlyList<string> runDirectories, string outDirectory, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RunMerge.MergeAsync(runDirectories, outDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MergeRefusedException or RunFolderBusyException or RunFolderUnusableException)
        {
            return MergeReport.Refusal(e.Message);
        }
    }

    /// <summary>
    /// Scores every downloaded image of a run folder (text fidelity, sharpness, colourfulness; docs/scoring.md),
    /// <see cref="ScoringOptions.Parallelism"/> at once, each result journaled and written into the image's sidecar.
    /// Images already scored are skipped (unless <see cref="ScoringOptions.Rescore"/>), so an interrupted pass is
    /// simply run again.
    /// </summary>
    /// <param name="plan">The run's plan, when known: it gives each job's expected text (<c>score.text</c>) and the per-axis means.</param>
    /// <param name="onProblem">Called as each image that cannot be scored is met, with <c>FILE: why</c>.</param>
    /// <param name="onWarning">Called once, before any image is scored, when text cannot be scored on this machine.</param>
    public static async Task<ScoreReport> ScoreAsync(string runDirectory, Plan? plan, ScoringOptions? options = null,
        Action<string>? onProblem = null, Action<string>? onWarning = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScoringOptions();
        await using var journal = RunJournal.Open(runDirectory);
        var scoring = await RunScoring.StartAsync(new RunFolder(runDirectory), journal.Scores, plan?.Manifest, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (scoring.OcrUnavailable is { } why)
            onWarning?.Invoke(why);
        var results = await scoring.ScoreRunAsync(journal, plan, options.Parallelism, image =>
        {
            if (image.Problem is not null)
                onProblem?.Invoke($"{image.File}: {image.Problem}");
        }, cancellationToken).ConfigureAwait(false);
        return ScoreReport.Of(results, plan, scoring.OcrUnavailable);
    }

    /// <summary>
    /// <c>score:</c> in the manifest: a queue the run feeds with each saved image (its
    /// <see cref="ScoringQueue.Enqueue"/> is the run's image-saved hook), scoring in the background; null when the
    /// manifest asks for no scores.
    /// </summary>
    public static async Task<ScoringQueue?> StartScoringAsync(string runDirectory, Plan plan, ScoringOptions? options = null, CancellationToken cancellationToken = default) =>
        plan.Manifest.Score is null
            ? null
            : await ScoringQueue.StartAsync(runDirectory, plan.Manifest, plan, options, cancellationToken).ConfigureAwait(false);
}
