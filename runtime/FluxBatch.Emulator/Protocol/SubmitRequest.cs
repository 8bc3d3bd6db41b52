using FluxBatch.Emulator.Images;

namespace FluxBatch.Emulator.Protocol;

/// <summary>What the emulator keeps of a valid submit body.</summary>
internal sealed record SubmitRequest(
    string Model,
    string Prompt,
    long? Seed,
    int Width,
    int Height,
    ImageFormat Format,
    decimal InputMegapixels)
{
    /// <summary>flex only; null when absent (the server's default applies) or for other models.</summary>
    public int? Steps { get; init; }

    /// <summary>flex only; null when absent or for other models.</summary>
    public decimal? Guidance { get; init; }

    /// <summary>The input images, shrunk: the images themselves are not kept.</summary>
    public IReadOnlyList<Thumbnail> References { get; init; } = [];
}
