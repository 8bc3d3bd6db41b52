namespace FluxBatch.Scoring;

/// <summary>
/// Scores one image file: text fidelity (Tesseract's reading against the expected strings), sharpness and
/// colourfulness. Without Tesseract the text is left unscored with the reason, and the other two still run.
/// </summary>
internal sealed class ImageScorer(TesseractOcr? ocr, string? ocrUnavailable)
{
    public bool HasOcr => ocr is not null;

    /// <exception cref="UnreadableImageException">The file is not a decodable image.</exception>
    public async Task<ImageScores> ScoreAsync(string imagePath, byte[] encoded, string sha256, IReadOnlyList<string> expected, CancellationToken cancellationToken)
    {
        // Tesseract reads the file in its own process while this thread decodes and measures the pixels.
        var reading = expected.Count > 0 && ocr is not null ? ocr.ReadAsync(imagePath, cancellationToken) : null;
        var image = RgbImage.Decode(encoded);
        var sharpness = Sharpness.VarianceOfLaplacian(GreyImage.From(image));
        var colourfulness = Colourfulness.HaslerSusstrunk(image);
        var scores = new ImageScores
        {
            TextStatus = TextStatus.NoTextExpected,
            Texts = [],
            Sharpness = Math.Round(sharpness, 2),
            Colourfulness = Math.Round(colourfulness, 2),
            Sha256 = sha256,
            Ocr = ocr?.Description,
        };
        if (expected.Count == 0)
            return scores with { TextNote = "the prompt quotes no text and the manifest sets no score.text" };
        if (reading is null)
            return scores with { TextStatus = TextStatus.OcrUnavailable, TextNote = ocrUnavailable };

        var (text, failure) = await reading.ConfigureAwait(false);
        if (text is null)
            return scores with { TextStatus = TextStatus.OcrFailed, TextNote = failure };
        var texts = expected.Select(e => new TextScore(e, Math.Round(TextFidelity.Score(e, text), 4))).ToArray();
        return scores with
        {
            TextStatus = TextStatus.Scored,
            Texts = texts,
            TextFidelity = Math.Round(texts.Average(t => t.Fidelity), 4),
            TextFidelityWorst = texts.Min(t => t.Fidelity),
            OcrText = CollapseWhitespace(text),
        };
    }

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
