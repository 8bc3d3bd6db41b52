using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
namespace FluxBatch.Emulator.Protocol;

// The emulator's own copy of the wire contract, written from ../shared/flux-api.md and never shared with the client
// (FluxBatch.Api): a test double that serialised the client's records would agree with any typo in them. The
// contract tests (tests/FluxBatch.Runtime.Tests/Contract) hold both sides to the same JSON fixtures.

/// <summary>The <c>status</c> values of <c>get_result</c>, spelt as the API sends them (flux-api.md, "Poll").</summary>
internal static class WireStatus
{
    public const string Pending = "Pending";
    public const string Generating = "Generating";
    public const string Ready = "Ready";
    public const string RequestModerated = "Request Moderated";
    public const string ContentModerated = "Content Moderated";
    public const string Error = "Error";
    public const string Failed = "Failed";
    public const string TaskNotFound = "Task not found";
}

/// <summary><c>GET /v1/credits</c>: <c>{"credits": n}</c>, the balance in credits (1 credit = US$0.01).</summary>
internal sealed record CreditsBody([property: JsonPropertyName("credits")] decimal Credits);

/// <summary><c>{"detail":"…"}</c>: FastAPI's body for errors raised with a message (403, 404, 402, 429, auth 422).</summary>
internal sealed record DetailMessage([property: JsonPropertyName("detail")] string Detail);

/// <summary><c>{"detail":[…]}</c>: FastAPI's body for request validation errors (422).</summary>
internal sealed record ValidationErrorBody([property: JsonPropertyName("detail")] IReadOnlyList<ValidationError> Detail);

/// <summary><c>{"error":"…","message":"…"}</c>: BFL's own error body (its client and help pages), used for a rejected key (401).</summary>
internal sealed record BflErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);

/// <summary><c>{"error":{"message","type","param","code"}}</c>: CometAPI's error body.</summary>
internal sealed record CometErrorBody([property: JsonPropertyName("error")] CometError Error);

internal sealed record CometError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string Param,
    [property: JsonPropertyName("code")] string Code);

/// <summary>BFL's submit answer: <c>{"id","polling_url","cost","input_mp","output_mp"}</c> (cost in credits).</summary>
internal sealed record BflSubmitBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("polling_url")] string PollingUrl,
    [property: JsonPropertyName("cost")] decimal Cost,
    [property: JsonPropertyName("input_mp")] decimal InputMp,
    [property: JsonPropertyName("output_mp")] decimal OutputMp);

/// <summary>
/// CometAPI's submit answer: <c>{"id","polling_url"}</c> and nothing else (its API reference shows exactly these two;
/// no <c>cost</c>, so a client falls back to its estimate).
/// </summary>
internal sealed record CometSubmitBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("polling_url")] string PollingUrl);

/// <summary>
/// BFL's answer when the request is moderated at submission: the task is never created and nothing is charged
/// (flux-api.md, "Request Moderated … possibly already at submission"). The shape is a poll body's.
/// </summary>
internal sealed record SubmitModeratedBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("details")] JsonObject Details);

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
[JsonSerializable(typeof(BflSubmitBody))]
[JsonSerializable(typeof(CreditsBody))]
[JsonSerializable(typeof(BflErrorBody))]
[JsonSerializable(typeof(CometErrorBody))]
[JsonSerializable(typeof(CometSubmitBody))]
[JsonSerializable(typeof(SubmitModeratedBody))]
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
