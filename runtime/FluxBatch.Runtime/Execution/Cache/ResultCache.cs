using System.Text.Json;
using FluxBatch.Outputs;

namespace FluxBatch.Execution.Cache;

/// <summary>One cached result: the image's bytes and the sidecar it was paid and delivered with.</summary>
internal sealed record CachedResult(byte[] Image, ImageSidecar Sidecar);

/// <summary>
/// A folder of paid results by job id, shareable between run folders, machines and processes (a shared file system
/// is fine): <c>DIR/NAMESPACE/ab/ID.image</c> and <c>ID.json</c> (the sidecar, its sha256 naming the image).
/// The namespace is the provider that made the result (<see cref="CacheNamespace"/>): an emulator's synthetic image
/// never answers a real provider's job. Both files are written atomically (a temp file in the same folder, then a
/// rename), image first: an entry is there once its sidecar is, and a reader checks the image against the sidecar's
/// sha256, so two writers of the same id at once (or a writer killed half way) leave either an entry that checks or
/// a miss, never a wrong image.
/// </summary>
internal sealed class ResultCache(string root, string ns)
{
    public const string ImageExtension = ".image";

    /// <summary>The cache's root folder (every namespace lives under it).</summary>
    public string Root { get; } = Path.GetFullPath(root);

    public string Namespace { get; } = ns;

    /// <summary>The cached result of <paramref name="jobId"/>, or null (absent, half written, or not matching its sha256).</summary>
    public CachedResult? TryGet(string jobId)
    {
        var (image, sidecar) = Paths(jobId);
        try
        {
            if (!File.Exists(sidecar))
                return null;
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(sidecar), OutputJsonContext.Default.ImageSidecar);
            if (record is null || record.JobId != jobId || !File.Exists(image))
                return null;
            var bytes = File.ReadAllBytes(image);
            return AtomicFile.Sha256Hex(bytes) == record.Sha256 ? new CachedResult(bytes, record) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null; // a damaged or vanishing entry is a miss: the job is paid for as if there were no cache
        }
    }

    /// <summary>Stores a delivered result; an entry already there that checks is left as it is.</summary>
    /// <returns>False when it was already cached.</returns>
    public bool Put(string jobId, ReadOnlySpan<byte> image, ReadOnlySpan<byte> sidecarJson)
    {
        var (imagePath, sidecarPath) = Paths(jobId);
        if (File.Exists(sidecarPath) && TryGet(jobId) is not null)
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(imagePath)!);
        AtomicFile.Write(imagePath, image);
        AtomicFile.Write(sidecarPath, sidecarJson);
        return true;
    }

    private (string Image, string Sidecar) Paths(string jobId)
    {
        // Ids are hex content hashes; anything else is refused rather than turned into a path.
        if (jobId.Length < 4 || !jobId.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"not a job id: '{jobId}'", nameof(jobId));
        var folder = Path.Combine(Root, Namespace, jobId[..2].ToLowerInvariant());
        return (Path.Combine(folder, jobId + ImageExtension), Path.Combine(folder, jobId + ".json"));
    }
}
