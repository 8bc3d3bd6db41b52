using System.Text.Json.Serialization;

namespace FluxBatch.Scoring;

/// <summary>Why an image has or lacks a text fidelity score.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextStatus>))]
internal enum TextStatus
{
    /// <summary>Read and compared with the expected text.</summary>
    [JsonStringEnumMemberName("scored")] Scored,
    /// <summary>The prompt quotes nothing and the manifest gives no <c>score.text</c>.</summary>
    [JsonStringEnumMemberName("no_text_expected")] NoTextExpected,
    /// <summary>Tesseract (or its English data) is not installed.</summary>
    [JsonStringEnumMemberName("ocr_unavailable")] OcrUnavailable,
    /// <summary>Tesseract ran and failed on this image (or timed out).</summary>
    [JsonStringEnumMemberName("ocr_failed")] OcrFailed,
}

/// <summary>One expected string and how well the image shows it.</summary>
internal sealed record TextScore(
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("fidelity")] double Fidelity);

/// <summary>
/// An image's scores (docs/scoring.md), as written into its sidecar under <c>scores</c> and into the journal.
/// Every number is rounded to 4 decimals (sharpness and colourfulness to 2): enough to rank, stable to print.
/// </summary>
internal sealed record ImageScores
{
    /// <summary>Mean text fidelity over the expected strings (0..1); null unless <see cref="TextStatus"/> is scored.</summary>
    [JsonPropertyName("text_fidelity")] public double? TextFidelity { get; init; }
    /// <summary>The lowest text fidelity of one expected string.</summary>
    [JsonPropertyName("text_fidelity_worst")] public double? TextFidelityWorst { get; init; }
    [JsonPropertyName("text_status")] public required TextStatus TextStatus { get; init; }
    /// <summary>Why the text was not scored, in words.</summary>
    [JsonPropertyName("text_note")] public string? TextNote { get; init; }
    [JsonPropertyName("texts")] public required IReadOnlyList<TextScore> Texts { get; init; }
    /// <summary>What Tesseract read, whitespace collapsed.</summary>
    [JsonPropertyName("ocr_text")] public string? OcrText { get; init; }
    /// <summary>Variance of the Laplacian of the grey image downscaled to 512 px (grey levels squared).</summary>
    [JsonPropertyName("sharpness")] public required double Sharpness { get; init; }
    /// <summary>Hasler–Süsstrunk colourfulness (0 for grey).</summary>
    [JsonPropertyName("colourfulness")] public required double Colourfulness { get; init; }
    /// <summary>The sha256 of the image scored: a changed image is scored again.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    /// <summary>The OCR engine and its settings, or null when none ran.</summary>
    [JsonPropertyName("ocr")] public string? Ocr { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageScores))]
internal sealed partial class ScoreJsonContext : JsonSerializerContext;
