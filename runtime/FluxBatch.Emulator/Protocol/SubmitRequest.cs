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
    decimal InputMegapixels);
