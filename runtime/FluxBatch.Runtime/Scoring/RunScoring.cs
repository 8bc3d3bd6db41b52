using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxBatch.Execution;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Templates;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Scoring;

/// <summary>How images are scored. Defaults suit a run folder on this machine.</summary>
public sealed record ScoringOptions
{
    /// <summary>The Tesseract program: a path, or a name looked up on PATH. Default <c>tesseract</c>.</summary>
    public string? TesseractPath { get; init; }

    /// <summary>Images scored at once; default one per core (each runs one single-threaded Tesseract).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The longest one Tesseract process may take before it is stopped (that image's text is "ocr_failed").</summary>
    public TimeSpan OcrTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Score every image again, even those already scored.</summary>
    public bool Rescore { get; init; }
}

/// <summary>What happened to one image.</summary>
internal enum ScoreOutcome
{
    Scored,
    /// <summary>Already scored: same image (sha256), same expected text, and nothing the OCR could add.</summary>
    Skipped,
    /// <summary>The image is missing or unreadable, or its expected text failed to render; see the problem.</summary>
    Failed,
}

/// <summary>The outcome of one image, for progress and summaries.</summary>
internal sealed record ScoredImage(string JobId, string File, ScoreOutcome Outcome, ImageScores? Scores, string? Problem);

/// <summary>
/// Scores images of a run folder and records each result twice: in the journal (<c>scores</c> table) and in the
/// image's sidecar under <c>scores</c>. Used by <c>fluxbatch score RUNDIR</c> (every downloaded image, resumable:
/// an image already scored is skipped) and by <c>run</c> when the manifest sets <c>score:</c> (each image as it is
/// delivered). Thread-safe: call <see cref="ScoreAsync"/> from as many tasks as images should be scored at once.
/// </summary>
internal sealed class RunScoring
{
    private readonly RunFolder _folder;
    private readonly RunJournalScores _scores;
    private readonly ExpectedTexts _expected;
    private readonly ImageScorer _scorer;
    private readonly bool _rescore;
    private readonly TimeProvider _time;

    private RunScoring(RunFolder folder, RunJournalScores scores, ManifestSpec? manifest, ImageScorer scorer, bool rescore, TimeProvider time)
    {
        _folder = folder;
        _scores = scores;
        _expected = new ExpectedTexts(manifest);
        _scorer = scorer;
        _rescore = rescore;
        _time = time;
    }

    /// <summary>Why text fidelity is not scored on this machine (Tesseract or its English data missing), or null.</summary>
    public string? OcrUnavailable { get; private init; }

    /// <summary>Finds Tesseract (once) and prepares to score into this run folder and the scores of its journal.</summary>
    /// <param name="manifest">The run's manifest (for <c>score.text</c> and structured prompts), or null to read prompts from sidecars.</param>
    public static async Task<RunScoring> StartAsync(
        RunFolder folder, RunJournalScores scores, ManifestSpec? manifest, ScoringOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScoringOptions();
        var (ocr, unavailable) = await TesseractOcr.ProbeAsync(options.TesseractPath, options.OcrTimeout, cancellationToken).ConfigureAwait(false);
        return new RunScoring(folder, scores, manifest, new ImageScorer(ocr, unavailable), options.Rescore, time ?? TimeProvider.System)
        {
            OcrUnavailable = unavailable,
        };
    }

    /// <summary>
    /// Scores every image the journal has downloaded, <paramref name="parallelism"/> at once, skipping those
    /// already scored. <paramref name="plan"/> (optional) supplies each job's expected text from the manifest.
    /// </summary>
    public async Task<IReadOnlyList<ScoredImage>> ScoreRunAsync(
        RunJournal journal, Plan? plan, int parallelism, Action<ScoredImage>? onImage = null, CancellationToken cancellationToken = default)
    {
        var rows = journal.InStates([JobState.Downloaded]).ToList();
        var jobs = plan is null ? null : PlannedById(plan, rows);
        var results = new List<ScoredImage>(rows.Count);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(rows, options, async (row, token) =>
        {
            var result = await ScoreAsync(row.JobId, row.OutputFile, jobs?.GetValueOrDefault(row.JobId), token).ConfigureAwait(false);
            lock (results)
                results.Add(result);
            onImage?.Invoke(result);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Scores one job's image (skipped when already scored), journals it and writes it into the sidecar.</summary>
    /// <param name="job">The planned job, when known: its prompt and values give the expected text.</param>
    public async Task<ScoredImage> ScoreAsync(string jobId, string outputFile, PlannedJob? job, CancellationToken cancellationToken)
    {
        string path;
        byte[] bytes;
        try
        {
            path = _folder.Resolve(outputFile);
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnsafeOutputPathException)
        {
            return new ScoredImage(jobId, outputFile, ScoreOutcome.Failed, null, "the image cannot be read: " + e.Message);
        }

        var sha = AtomicFile.Sha256Hex(bytes);
        var sidecarPath = JobOutputWriter.SidecarPath(path);
        var sidecar = ReadSidecar(sidecarPath);
        IReadOnlyList<string> expected;
        try
        {
            expected = _expected.For(job, sidecar?["prompt"]?.GetValue<string>());
        }
        catch (TemplateRenderException e)
        {
            return new ScoredImage(jobId, outputFile, ScoreOutcome.Failed, null, "score.text fails for this job: " + e.Message);
        }

        var key = ExpectedKey(expected);
        var previous = _scores.Find(jobId);
        if (!_rescore && previous is not null && IsCurrent(previous, sha, key, sidecar))
            return new ScoredImage(jobId, outputFile, ScoreOutcome.Skipped, Deserialize(previous.DetailJson), null);

        ImageScores scores;
        try
        {
            scores = await _scorer.ScoreAsync(path, bytes, sha, expected, cancellationToken).ConfigureAwait(false);
        }
        catch (UnreadableImageException e)
        {
            return new ScoredImage(jobId, outputFile, ScoreOutcome.Failed, null, e.Message);
        }

        var detail = JsonSerializer.Serialize(scores, ScoreJsonContext.Default.ImageScores);
        if (sidecar is not null)
        {
            sidecar["scores"] = JsonNode.Parse(detail);
            AtomicFile.Write(sidecarPath, Encoding.UTF8.GetBytes(sidecar.ToJsonString(OutputJsonContext.Readable.Options)));
        }
        _scores.Write(new ScoreRecord(jobId, sha, key, Text(scores.TextStatus), scores.TextFidelity, scores.TextFidelityWorst,
            scores.Sharpness, scores.Colourfulness, detail, _time.GetUtcNow()));
        return new ScoredImage(jobId, outputFile, ScoreOutcome.Scored, scores, null);
    }

    /// <summary>The scores a journal row holds.</summary>
    public static ImageScores? Deserialize(string detailJson) => JsonSerializer.Deserialize(detailJson, ScoreJsonContext.Default.ImageScores);

    /// <summary>Same image, same expected text, the sidecar shows it, and an OCR that was missing is still missing.</summary>
    private bool IsCurrent(ScoreRecord previous, string sha, string key, JsonObject? sidecar) =>
        previous.Sha256 == sha
        && previous.ExpectedKey == key
        && !(previous.TextStatus == Text(TextStatus.OcrUnavailable) && _scorer.HasOcr)
        && (sidecar is null || sidecar["scores"]?["sha256"]?.GetValue<string>() == sha);

    private static string Text(TextStatus status) => JsonSerializer.Serialize(status, ScoreJsonContext.Default.TextStatus).Trim('"');

    private static string ExpectedKey(IReadOnlyList<string> expected) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", expected))))[..16].ToLowerInvariant();

    private static JsonObject? ReadSidecar(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null; // a damaged sidecar is not the scorer's to repair; the journal still gets the score
        }
    }

    private static Dictionary<string, PlannedJob> PlannedById(Plan plan, IReadOnlyList<JournalRecord> rows)
    {
        var wanted = rows.Select(r => r.JobId).ToHashSet(StringComparer.Ordinal);
        var jobs = new Dictionary<string, PlannedJob>(StringComparer.Ordinal);
        foreach (var job in plan.Jobs)
        {
            if (wanted.Contains(job.Id))
                jobs[job.Id] = job;
        }
        return jobs;
    }
}
