using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluxBatch.Api;

namespace FluxBatch.Outputs;

/// <summary>The JSON written beside each image (<c>IMAGE.json</c>): everything needed to know how it was made.</summary>
internal sealed record ImageSidecar
{
    [JsonPropertyName("job_id")] public required string JobId { get; init; }
    [JsonPropertyName("index")] public required long Index { get; init; }
    [JsonPropertyName("manifest")] public required string Manifest { get; init; }
    [JsonPropertyName("provider")] public required string Provider { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("prompt")] public required string Prompt { get; init; }
    [JsonPropertyName("seed")] public long? Seed { get; init; }
    /// <summary>The sweep values and vars of this job, by name.</summary>
    [JsonPropertyName("parameters")] public required JsonObject Parameters { get; init; }
    /// <summary>Every request field sent, under the API's names (reference images listed separately).</summary>
    [JsonPropertyName("request")] public required FluxRequest Request { get; init; }
    [JsonPropertyName("references")] public required IReadOnlyList<string> References { get; init; }
    [JsonPropertyName("task_id")] public required string TaskId { get; init; }
    /// <summary>Where the task is polled: with the task id, what a run needs to fetch the image again if journal.db is lost.</summary>
    [JsonPropertyName("polling_url")] public string? PollingUrl { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("estimated_usd")] public required decimal EstimatedUsd { get; init; }
    /// <summary>The cost the API reported (credits/100); null when the provider did not report one.</summary>
    [JsonPropertyName("cost_usd")] public decimal? CostUsd { get; init; }
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("timings")] public required JobTimings Timings { get; init; }
    /// <summary>Set when the image was copied from the shared cache (the cache's namespace): nothing was charged for it here.</summary>
    [JsonPropertyName("from_cache")] public string? FromCache { get; init; }
}

internal sealed record JobTimings
{
    [JsonPropertyName("submitted_at")] public DateTimeOffset? SubmittedAt { get; init; }
    [JsonPropertyName("ready_at")] public DateTimeOffset? ReadyAt { get; init; }
    [JsonPropertyName("downloaded_at")] public DateTimeOffset? DownloadedAt { get; init; }
    [JsonPropertyName("polls")] public int Polls { get; init; }
}

/// <summary>When a run's first POST was sent: the start-up time a user waits before anything is generated.</summary>
internal sealed record FirstPostTiming
{
    [JsonPropertyName("at")] public required DateTimeOffset At { get; init; }
    /// <summary>Milliseconds from the process's start (the kernel's record of it) to the POST; null where unknown.</summary>
    [JsonPropertyName("after_process_start_ms")] public double? AfterProcessStartMs { get; init; }
    /// <summary>Milliseconds from the executor's start (after reading and planning) to the POST.</summary>
    [JsonPropertyName("after_run_start_ms")] public required double AfterRunStartMs { get; init; }
}

/// <summary>A job that did not end well, with the reason in words.</summary>
public sealed record JobIssue(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("index")] long Index,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("reason")] string Reason);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageSidecar))]
[JsonSerializable(typeof(FluxBatch.Execution.RunReport))] // run.json
internal sealed partial class OutputJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For the files people read (sidecars, run.json): prompts keep their quotes, apostrophes and non-ASCII letters
    /// as typed instead of <c>\u0022</c>. Relaxed escaping is safe here because these files are never pasted into
    /// HTML or script unescaped (the contact sheet escapes everything it shows).
    /// </summary>
    public static OutputJsonContext Readable => ReadableHolder.Instance;

    // A holder class, so that Default (generated in another part of this class) is initialized first.
    private static class ReadableHolder
    {
        public static readonly OutputJsonContext Instance = new(Options());

        private static JsonSerializerOptions Options()
        {
            var options = new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            options.TypeInfoResolverChain.Clear(); // the copy still points at Default; the new context takes its place
            return options;
        }
    }
}
