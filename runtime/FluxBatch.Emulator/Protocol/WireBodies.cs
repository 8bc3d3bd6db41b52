using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluxBatch.Api;

namespace FluxBatch.Emulator.Protocol;

/// <summary><c>{"detail":"…"}</c>: FastAPI's body for errors raised with a message (403, 404, 402, 429, auth 422).</summary>
internal sealed record DetailMessage([property: JsonPropertyName("detail")] string Detail);

/// <summary><c>{"detail":[…]}</c>: FastAPI's body for request validation errors (422).</summary>
internal sealed record ValidationErrorBody([property: JsonPropertyName("detail")] IReadOnlyList<ValidationError> Detail);

/// <summary>The <c>get_result</c> body. Every key is always present (null when empty), as the real API sends it.</summary>
internal sealed record PollBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("result")] SampleResult? Result,
    [property: JsonPropertyName("progress")] double? Progress,
    [property: JsonPropertyName("details")] JsonObject? Details,
    [property: JsonPropertyName("preview")] string? Preview);

/// <summary><c>result</c> of a Ready task; times are Unix seconds, duration seconds.</summary>
internal sealed record SampleResult(
    [property: JsonPropertyName("sample")] string Sample,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("seed")] long? Seed,
    [property: JsonPropertyName("start_time")] double StartTime,
    [property: JsonPropertyName("end_time")] double EndTime,
    [property: JsonPropertyName("duration")] double Duration);

/// <summary>
/// Source-generated serialization of every body the emulator writes (nulls are written, not omitted).
/// Use <see cref="EmulatorJson.Wire"/>: it escapes like Python's json (so <c>&amp;</c> in a URL stays <c>&amp;</c>, not <c>\u0026</c>).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DetailMessage))]
[JsonSerializable(typeof(ValidationErrorBody))]
[JsonSerializable(typeof(PollBody))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(CreditsResponse))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;

/// <summary>The emulator's serializer: <see cref="EmulatorJsonContext"/> with Python-like escaping.</summary>
internal static class EmulatorJson
{
    public static EmulatorJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
