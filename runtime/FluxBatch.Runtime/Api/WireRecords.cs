using System.Text.Json.Serialization;

namespace FluxBatch.Api;

/// <summary>
/// The body of <c>POST /v1/{model}</c>, under the API's own field names. Null fields are omitted on the wire.
/// Shared by the client and the emulator so both speak exactly the same protocol.
/// </summary>
internal sealed record FluxRequest
{
    [JsonPropertyName("prompt")] public required string Prompt { get; init; }
    [JsonPropertyName("prompt_upsampling")] public bool? PromptUpsampling { get; init; }
    [JsonPropertyName("seed")] public long? Seed { get; init; }
    [JsonPropertyName("width")] public int? Width { get; init; }
    [JsonPropertyName("height")] public int? Height { get; init; }
    [JsonPropertyName("steps")] public int? Steps { get; init; }
    [JsonPropertyName("guidance")] public decimal? Guidance { get; init; }
    [JsonPropertyName("safety_tolerance")] public int? SafetyTolerance { get; init; }
    [JsonPropertyName("output_format")] public string? OutputFormat { get; init; }
    [JsonPropertyName("input_image")] public string? InputImage { get; init; }
    [JsonPropertyName("input_image_2")] public string? InputImage2 { get; init; }
    [JsonPropertyName("input_image_3")] public string? InputImage3 { get; init; }
    [JsonPropertyName("input_image_4")] public string? InputImage4 { get; init; }
    [JsonPropertyName("input_image_5")] public string? InputImage5 { get; init; }
    [JsonPropertyName("input_image_6")] public string? InputImage6 { get; init; }
    [JsonPropertyName("input_image_7")] public string? InputImage7 { get; init; }
    [JsonPropertyName("input_image_8")] public string? InputImage8 { get; init; }
    [JsonPropertyName("webhook_url")] public string? WebhookUrl { get; init; }
    [JsonPropertyName("webhook_secret")] public string? WebhookSecret { get; init; }
}

/// <summary>Response 200 of a submit. <c>Cost</c> is in credits (1 credit = US$0.01); CometAPI may omit it.</summary>
internal sealed record SubmitResponse
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("polling_url")] public string? PollingUrl { get; init; }
    [JsonPropertyName("cost")] public decimal? Cost { get; init; }
    [JsonPropertyName("input_mp")] public decimal? InputMp { get; init; }
    [JsonPropertyName("output_mp")] public decimal? OutputMp { get; init; }
    /// <summary>Set only when the request is refused at submission ("Request Moderated"); no task exists then.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("details")] public System.Text.Json.JsonElement? Details { get; init; }
}

/// <summary>Response of <c>GET get_result</c>.</summary>
internal sealed record PollResponse
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("result")] public PollResult? Result { get; init; }
    [JsonPropertyName("progress")] public double? Progress { get; init; }
    [JsonPropertyName("details")] public System.Text.Json.JsonElement? Details { get; init; }
}

internal sealed record PollResult
{
    [JsonPropertyName("sample")] public string? Sample { get; init; }
    [JsonPropertyName("seed")] public long? Seed { get; init; }
    [JsonPropertyName("prompt")] public string? Prompt { get; init; }
    [JsonPropertyName("duration")] public double? Duration { get; init; }
}

/// <summary>The status strings of <c>get_result</c>, as the API spells them.</summary>
internal static class TaskStatuses
{
    public const string Pending = "Pending";
    public const string Reasoning = "Reasoning";
    public const string Generating = "Generating";
    public const string Ready = "Ready";
    public const string RequestModerated = "Request Moderated";
    public const string ContentModerated = "Content Moderated";
    public const string Error = "Error";
    public const string Failed = "Failed";
    public const string TaskNotFound = "Task not found";
}

/// <summary><c>GET /v1/credits</c>.</summary>
internal sealed record CreditsResponse
{
    [JsonPropertyName("credits")] public decimal Credits { get; init; }
}

/// <summary>System.Text.Json source generation for every wire record.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FluxRequest))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(PollResponse))]
[JsonSerializable(typeof(CreditsResponse))]
internal sealed partial class FluxJsonContext : JsonSerializerContext;
