using System.Security.Cryptography;

namespace FluxBatch.Outputs;

/// <summary>
/// Writes a file so that a reader (or a resumed run) sees either the old file or the whole new one: the bytes go
/// to a temporary file in the same directory, which is then renamed over the target (atomic on one file system).
/// No fsync per image, deliberately: after a process kill the renamed file is complete; after a power loss it might
/// not be, and resume re-checks every image against the sha256 in the journal and fetches it again if it differs.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes synchronously: the files are small or already in memory, and a plain write to the page cache is cheaper
    /// than an asynchronous file stream (which on Linux runs the same system calls on a pool thread).
    /// The directory must exist.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                RandomAccess.Write(handle, bytes, fileOffset: 0);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>The sha256 of a file, or null if it does not exist.</summary>
    public static async Task<string?> Sha256OfFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return null;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temp file is harmless and named so that nothing reads it as an image.
        }
    }
}
