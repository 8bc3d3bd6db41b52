using FluxBatch.Planning;

namespace FluxBatch.Scoring;

/// <summary>
/// The scores of a set of images: those of a run folder (what <c>fluxbatch score</c> and <c>run</c> with
/// <c>score:</c> report), or, as one of its <see cref="PerAxis"/> rows, those that share one value of one axis (a
/// column of the sheet, a point of a curve). An image scored twice in one report (during a run, then skipped
/// after it) counts once in the means.
/// </summary>
public sealed record ScoreReport
{
    /// <summary>The axis of a <see cref="PerAxis"/> row; null on the whole report.</summary>
    public string? Axis { get; init; }

    /// <summary>The axis value of a <see cref="PerAxis"/> row (invariant text); null on the whole report.</summary>
    public string? Value { get; init; }

    /// <summary>Images scored now (on the whole report only).</summary>
    public int ScoredNow { get; init; }

    /// <summary>Images already scored, skipped (on the whole report only).</summary>
    public int Skipped { get; init; }

    /// <summary>Images that could not be scored (on the whole report only): see <see cref="Problems"/>.</summary>
    public int Failed { get; init; }

    /// <summary>Images with scores (scored now or before).</summary>
    public int Images { get; init; }

    /// <summary>Images whose text was read and compared with the expected text.</summary>
    public int TextScored { get; init; }

    /// <summary>Mean text fidelity (0..1) of the images whose text was scored; null when none was.</summary>
    public double? MeanTextFidelity { get; init; }

    /// <summary>The lowest image's text fidelity (with <see cref="MaxTextFidelity"/>: the spread across seeds and other axes).</summary>
    public double? MinTextFidelity { get; init; }

    public double? MaxTextFidelity { get; init; }

    /// <summary>The lowest text fidelity of one expected string in any image.</summary>
    public double? WorstTextFidelity { get; init; }

    /// <summary>Mean sharpness; null without images (0 on a <see cref="PerAxis"/> row without images).</summary>
    public double? MeanSharpness { get; init; }

    /// <summary>Mean colourfulness; null without images (0 on a <see cref="PerAxis"/> row without images).</summary>
    public double? MeanColourfulness { get; init; }

    /// <summary>One line per image that could not be scored: <c>FILE: why</c>.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Why text fidelity is not scored on this machine (Tesseract or its English data missing), or null.</summary>
    public string? OcrUnavailable { get; init; }

    /// <summary>
    /// With a plan: for every parameter that takes more than one value in it, one row per value, in plan order of
    /// axes and values (means rounded: text fidelity to 4 decimals, sharpness and colourfulness to 2).
    /// </summary>
    public IReadOnlyList<ScoreReport> PerAxis { get; init; } = [];

    /// <summary>The report of one or more scoring passes over a folder (in order: the first score of an image counts).</summary>
    internal static ScoreReport Of(IReadOnlyList<ScoredImage> results, Plan? plan, string? ocrUnavailable)
    {
        var byJob = new Dictionary<string, ImageScores>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.Scores is not null)
                byJob.TryAdd(result.JobId, result.Scores);
        }
        var scores = byJob.Values.ToArray();
        var text = scores.Where(s => s.TextFidelity is not null).ToArray();
        return new ScoreReport
        {
            ScoredNow = results.Count(r => r.Outcome == ScoreOutcome.Scored),
            Skipped = results.Count(r => r.Outcome == ScoreOutcome.Skipped),
            Failed = results.Count(r => r.Outcome == ScoreOutcome.Failed),
            Images = scores.Length,
            TextScored = text.Length,
            MeanTextFidelity = text.Length == 0 ? null : text.Average(s => s.TextFidelity!.Value),
            MinTextFidelity = text.Length == 0 ? null : text.Min(s => s.TextFidelity!.Value),
            MaxTextFidelity = text.Length == 0 ? null : text.Max(s => s.TextFidelity!.Value),
            WorstTextFidelity = text.Length == 0 ? null : text.Min(s => s.TextFidelityWorst!.Value),
            MeanSharpness = scores.Length == 0 ? null : scores.Average(s => s.Sharpness),
            MeanColourfulness = scores.Length == 0 ? null : scores.Average(s => s.Colourfulness),
            Problems = results.Where(r => r.Problem is not null).Select(r => $"{r.File}: {r.Problem}").ToArray(),
            OcrUnavailable = ocrUnavailable,
            PerAxis = plan is null ? [] : ScoreAggregates.ByAxis(plan.Jobs, byJob),
        };
    }
}
