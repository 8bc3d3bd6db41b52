using FluxBatch.Scoring;

namespace FluxBatch.Runtime.Tests.Scoring;

/// <summary>What a scoring pass reports: counts by outcome, and means over the images with scores, each image once.</summary>
public sealed class ScoreReportTests
{
    [Fact]
    public void An_image_scored_during_the_run_and_skipped_after_it_counts_once_in_the_means()
    {
        ScoredImage[] results =
        [
            new("a", "a.png", ScoreOutcome.Scored, Scores(text: 0.9, worst: 0.8, sharpness: 10), null),
            new("b", "b.png", ScoreOutcome.Scored, Scores(text: null, worst: null, sharpness: 30), null),
            new("c", "c.png", ScoreOutcome.Failed, null, "the image cannot be read: gone"),
            new("a", "a.png", ScoreOutcome.Skipped, Scores(text: 0.1, worst: 0.1, sharpness: 99), null), // the pass after the run
        ];

        var report = ScoreReport.Of(results, plan: null, ocrUnavailable: null);

        Assert.Equal((1 + 1, 1, 1), (report.ScoredNow, report.Skipped, report.Failed));
        Assert.Equal((2, 1), (report.Images, report.TextScored));
        Assert.Equal(0.9, report.MeanTextFidelity);
        Assert.Equal(0.8, report.WorstTextFidelity);
        Assert.Equal(20, report.MeanSharpness);
        Assert.Equal(["c.png: the image cannot be read: gone"], report.Problems);
        Assert.Empty(report.PerAxis);
    }

    [Fact]
    public void Without_images_the_means_are_absent_not_zero()
    {
        var report = ScoreReport.Of([], plan: null, ocrUnavailable: "tesseract is not installed");

        Assert.Null(report.MeanTextFidelity);
        Assert.Null(report.MeanSharpness);
        Assert.Equal("tesseract is not installed", report.OcrUnavailable);
    }

    private static ImageScores Scores(double? text, double? worst, double sharpness) => new()
    {
        TextFidelity = text,
        TextFidelityWorst = worst,
        TextStatus = text is null ? TextStatus.NoTextExpected : TextStatus.Scored,
        Texts = [],
        Sharpness = sharpness,
        Colourfulness = 5,
        Sha256 = "00",
    };
}
