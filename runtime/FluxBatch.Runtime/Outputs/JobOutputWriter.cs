using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxBatch.Api;
using FluxBatch.Planning;

namespace FluxBatch.Outputs;

/// <summary>What a finished job leaves beside its image.</summary>
internal sealed record DownloadedJob(PlannedJob Job, string Provider, string TaskId, string Status, decimal? CostUsd, JobTimings Timings)
{
    /// <summary>The task's polling URL, kept in the sidecar so a lost journal can be rebuilt from it.</summary>
    public string? PollingUrl { get; init; }
}

/// <summary>Writes a job's image and its sidecar into the run folder, atomically, and returns the image's sha256.</summary>
internal sealed class JobOutputWriter(RunFolder folder, string manifestName, SecretRedactor redactor)
{
    public RunFolder Folder => folder;

    // Directories this writer has made: a run of 100,000 images into a few folders asks the file system once each.
    private readonly ConcurrentDictionary<string, bool> _directories = new(StringComparer.Ordinal);

    /// <summary>
    /// File writes at once. A write blocks its thread while the kernel copies the bytes (or throttles a busy disk);
    /// more than a couple at once only queue on the folder's lock in the kernel, and blocked threads would starve
    /// the thread pool that the polls and submits run on. Waiting here is asynchronous.
    /// </summary>
    private const int ConcurrentWrites = 2;

    private readonly SemaphoreSlim _writes = new(ConcurrentWrites, ConcurrentWrites);

    /// <summary>Writes the image and its sidecar (at most <see cref="ConcurrentWrites"/> jobs at once).</summary>
    public async Task<string> WriteAsync(DownloadedJob done, byte[] image, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Write(done, image);
        }
        finally
        {
            _writes.Release();
        }
    }

    private string Write(DownloadedJob done, byte[] image)
    {
        var path = folder.Resolve(done.Job.OutputFile);
        var directory = Path.GetDirectoryName(path)!;
        if (!_directories.ContainsKey(directory))
        {
            Directory.CreateDirectory(directory); // idempotent: two jobs may both get here, neither writes before it
            _directories.TryAdd(directory, true);
        }
        var sha = AtomicFile.Sha256Hex(image);
        AtomicFile.Write(path, image);
        var sidecar = BuildSidecar(done, sha);
        AtomicFile.Write(SidecarPath(path), JsonSerializer.SerializeToUtf8Bytes(sidecar, OutputJsonContext.Readable.ImageSidecar));
        return sha;
    }

    public static string SidecarPath(string imagePath) => imagePath + ".json";

    private ImageSidecar BuildSidecar(DownloadedJob done, string sha) => new()
    {
        JobId = done.Job.Id,
        Index = done.Job.Index,
        Manifest = manifestName,
        Provider = done.Provider,
        Model = done.Job.Model,
        Prompt = redactor.Redact(done.Job.Request.Prompt),
        Seed = done.Job.Request.Seed,
        Parameters = ToJson(done.Job.Parameters),
        Request = done.Job.Request with { Prompt = redactor.Redact(done.Job.Request.Prompt), WebhookSecret = null },
        References = done.Job.ReferenceFiles,
        TaskId = done.TaskId,
        PollingUrl = done.PollingUrl is { } url ? redactor.Redact(url) : null,
        Status = done.Status,
        EstimatedUsd = done.Job.EstimatedUsd,
        CostUsd = done.CostUsd,
        File = done.Job.OutputFile.Replace('\\', '/'),
        Sha256 = sha,
        Timings = done.Timings,
    };

    private static JsonObject ToJson(IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        var json = new JsonObject();
        foreach (var (name, value) in parameters)
            json[name] = ToNode(value);
        return json;
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        FluxBatch.Manifest.Model.StringValue v => JsonValue.Create(v.Value),
        FluxBatch.Manifest.Model.IntegerValue v => JsonValue.Create(v.Value),
        FluxBatch.Manifest.Model.NumberValue v => JsonValue.Create(v.Value),
        FluxBatch.Manifest.Model.BoolValue v => JsonValue.Create(v.Value),
        FluxBatch.Manifest.Model.ListValue v => new JsonArray(v.Items.Select(i => ToNode(i)).ToArray()),
        FluxBatch.Manifest.Model.MapValue v => new JsonObject(v.Entries.Select(e => KeyValuePair.Create(e.Key, ToNode(e.Value)))),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        decimal d => JsonValue.Create(d),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };
}
