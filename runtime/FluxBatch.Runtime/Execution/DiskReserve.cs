namespace FluxBatch.Execution;

/// <summary>
/// Disk space set aside when a run starts, so that the journal can still record what it must when the disk fills:
/// jobs that waited for a slot go back to "planned" (never sent, so never "in doubt"), and tasks the API accepted in
/// the last moment keep their task id (paid, so fetched by the next run). The space is real (written out and
/// flushed, not a sparse file) and given back only to the journal's own retry, the moment a commit meets a full
/// disk; the run then stops writing images (see <see cref="RunStop.DiskFull"/>) so nothing else takes it.
/// </summary>
internal sealed class DiskReserve : IDisposable
{
    /// <summary>The file beside the journal; its name is one of the reserved <c>journal.db*</c> output names.</summary>
    public const string FileName = "journal.db-reserve";

    // Largest first: a job's rows take a few 4 KB pages per commit, and the last commits of a stopping run hold the
    // rows of every job in flight. The smallest size still covers a run at the default concurrency several times.
    private static readonly long[] Sizes = [1L << 20, 256L << 10, 64L << 10];

    private readonly string _path;
    private int _released;

    private DiskReserve(string path, long bytes)
    {
        _path = path;
        Bytes = bytes;
    }

    public long Bytes { get; }

    /// <summary>
    /// Sets aside as much of the reserve as the disk allows (largest size first), or null when not even the smallest
    /// fits: the run goes on without it, as before, and a full disk may then leave a job "in doubt".
    /// </summary>
    public static DiskReserve? TryCreate(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        foreach (var size in Sizes)
        {
            try
            {
                Fill(path, size);
                return new DiskReserve(path, size);
            }
            catch (IOException)
            {
                // Not this much room: try a smaller reserve.
            }
            catch (UnauthorizedAccessException)
            {
                return null; // a read-only folder: the run reports that itself
            }
            TryDelete(path);
        }
        return null;
    }

    // Zeros written and flushed to the device: a preallocation or a sparse length could still fail later for want of
    // blocks, and this file exists only to hold blocks.
    private static void Fill(string path, long size)
    {
        var zeros = new byte[64 << 10];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < size; written += zeros.Length)
            file.Write(zeros, 0, (int)Math.Min(zeros.Length, size - written));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Gives the space back to the disk; true the first time (when there was something to give).</summary>
    public bool Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return false;
        TryDelete(_path);
        return true;
    }

    public void Dispose() => Release();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
