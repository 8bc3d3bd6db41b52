using FluxBatch.Scoring;

namespace FluxBatch.Runtime.Tests.Scoring;

/// <summary>
/// Tesseract (Debian's tesseract-ocr; .ci/run installs it) on images with known text at known sizes
/// (Fixtures/make-fixtures.sh: DejaVu Sans Bold on paper). The bounds are the ones docs/scoring.md documents:
/// text 12 px and larger reads at ≥ 0.95; 8 px at ≥ 0.8; 6 px is below what Tesseract reads (≤ 0.5).
/// </summary>
public sealed class GoldenTextTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures", name);

    private static async Task<ImageScores> ScoreAsync(string file, params string[] expected)
    {
        var (ocr, unavailable) = await TesseractOcr.ProbeAsync(null, TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.True(ocr is not null, unavailable);
        var bytes = await File.ReadAllBytesAsync(Fixture(file));
        return await new ImageScorer(ocr, null).ScoreAsync(Fixture(file), bytes, "sha", expected, CancellationToken.None);
    }

    [Theory]
    [InlineData("headline-40px.png", 0.95, 1.0)]
    [InlineData("headline-20px.png", 0.95, 1.0)]
    [InlineData("headline-12px.png", 0.95, 1.0)]
    [InlineData("headline-20px.jpg", 0.95, 1.0)]
    [InlineData("headline-8px.png", 0.80, 1.0)]
    [InlineData("headline-6px.png", 0.0, 0.5)]
    public async Task A_headline_at_a_known_size_scores_within_its_bounds(string file, double low, double high)
    {
        var scores = await ScoreAsync(file, "Live at the Roundhouse");

        Assert.Equal(TextStatus.Scored, scores.TextStatus);
        Assert.InRange(scores.TextFidelity!.Value, low, high);
        Assert.Equal(scores.TextFidelity, scores.TextFidelityWorst);
    }

    [Fact]
    public async Task Two_strings_on_a_poster_give_the_mean_and_the_worst()
    {
        var both = await ScoreAsync("poster-two-strings.png", "Night Owls", "LIVE AT THE ROUNDHOUSE");
        var withMissing = await ScoreAsync("poster-two-strings.png", "Night Owls", "SOLD OUT TONIGHT");

        Assert.InRange(both.TextFidelity!.Value, 0.95, 1.0);
        Assert.InRange(both.TextFidelityWorst!.Value, 0.9, 1.0);
        Assert.Equal(["Night Owls", "LIVE AT THE ROUNDHOUSE"], both.Texts.Select(t => t.Expected));
        Assert.InRange(withMissing.TextFidelityWorst!.Value, 0.0, 0.4);
        Assert.Equal(withMissing.Texts.Average(t => t.Fidelity), withMissing.TextFidelity!.Value, 4);
        Assert.Equal(withMissing.Texts[1].Fidelity, withMissing.TextFidelityWorst);
    }

    [Fact]
    public async Task An_image_with_no_text_scores_zero_without_an_error()
    {
        var scores = await ScoreAsync("no-text.png", "LIVE AT THE ROUNDHOUSE");

        Assert.Equal(TextStatus.Scored, scores.TextStatus);
        Assert.Equal(0.0, scores.TextFidelity);
        Assert.Null(scores.TextNote);
        Assert.True(scores.Colourfulness > 10, "the gradient is coloured");
    }
}
