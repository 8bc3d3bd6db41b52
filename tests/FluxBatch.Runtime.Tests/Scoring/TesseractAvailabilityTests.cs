using FluxBatch.Runtime.Tests.Support;
using FluxBatch.Scoring;

namespace FluxBatch.Runtime.Tests.Scoring;

/// <summary>Without Tesseract the text is not scored, the message names the package, and the other scores run.</summary>
public sealed class TesseractAvailabilityTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures", name);

    [Fact]
    public async Task A_missing_program_is_a_message_naming_the_package_and_the_other_scores_still_run()
    {
        var (ocr, unavailable) = await TesseractOcr.ProbeAsync(Path.Combine(_dir.Path, "no-such-tesseract"), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Null(ocr);
        Assert.Contains("apt-get install tesseract-ocr", unavailable);
        var bytes = await File.ReadAllBytesAsync(Fixture("headline-20px.png"));
        var scores = await new ImageScorer(null, unavailable).ScoreAsync(Fixture("headline-20px.png"), bytes, "sha", ["LIVE AT THE ROUNDHOUSE"], CancellationToken.None);
        Assert.Equal(TextStatus.OcrUnavailable, scores.TextStatus);
        Assert.Null(scores.TextFidelity);
        Assert.Equal(unavailable, scores.TextNote);
        Assert.True(scores.Sharpness > 0);
    }

    [Fact]
    public async Task A_tesseract_without_english_data_names_the_language_package()
    {
        var fake = FakeTesseract("echo 'tesseract 5.3.0'", "printf 'List of available languages (1):\\nosd\\n'", "exit 0");

        var (ocr, unavailable) = await TesseractOcr.ProbeAsync(fake, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Null(ocr);
        Assert.Contains("apt-get install tesseract-ocr-eng", unavailable);
    }

    [Fact]
    public async Task A_reading_that_hangs_is_stopped_at_the_timeout_and_reported()
    {
        var fake = FakeTesseract("echo 'tesseract 5.3.0'", "printf 'eng\\nosd\\n'", "exec sleep 600");
        var (probed, _) = await TesseractOcr.ProbeAsync(fake, TimeSpan.FromSeconds(10), CancellationToken.None);
        var ocr = probed!.WithTimeout(TimeSpan.FromSeconds(1));

        var (text, failure) = await ocr.ReadAsync(Fixture("headline-20px.png"), CancellationToken.None);

        Assert.Null(text);
        Assert.Contains("was stopped", failure);
        Assert.Equal("tesseract 5.3.0 -l eng --psm 3", ocr.Description);
    }

    /// <summary>A shell script standing in for tesseract: one action for --version, --list-langs and a reading.</summary>
    private string FakeTesseract(string version, string languages, string read)
    {
        var path = Path.Combine(_dir.Path, "tesseract");
        File.WriteAllText(path, $"""
            #!/bin/sh
            case "$1" in
              --version) {version} ;;
              --list-langs) {languages} ;;
              *) {read} ;;
            esac
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
