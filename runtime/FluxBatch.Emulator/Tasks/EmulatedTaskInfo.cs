namespace FluxBatch.Emulator.Tasks;

/// <summary>A read-only view of an emulated task, for tests and tools.</summary>
public sealed record EmulatedTaskInfo(
    string Id,
    string RequestHash,
    string Model,
    string Prompt,
    long? Seed,
    int Width,
    int Height,
    string OutputFormat,
    TaskOutcome Outcome,
    decimal CostCredits,
    bool Charged,
    DateTimeOffset CreatedAt,
    DateTimeOffset CompletesAt,
    int Polls,
    int Downloads);
