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

    /// <summary>The reserve a run would like: enough for the last rows of many stopping runs' worth of jobs.</summary>
    private const long Preferred = 1L << 20;

    /// <summary>
    /// The least a run may start with: 256 KB, or 16 KB (four 4 KB pages) for every job that may be in flight when
    /// it is more. A run's last commits hold a row for each job in flight (its task id, or its way back to "planned"),
    /// and a run that cannot keep that much aside is refused before its first submit, since it might otherwise leave
    /// a job that was never sent "in doubt".
    /// </summary>
    internal static long Minimum(int concurrency) => Math.Max(256L << 10, concurrency * (16L << 10));

    private readonly string _path;
    private int _released;

    private DiskReserve(string path, long bytes)
    {
        _path = path;
        Bytes = bytes;
    }

    public long Bytes { get; }

    /// <summary>
    /// Sets aside the preferred reserve, or the <see cref="Minimum"/> for <paramref name="concurrency"/> jobs in flight
    /// when the preferred does not fit; null for a read-only folder (the run reports that itself).
    /// </summary>
    /// <exception cref="IOException">Not even the minimum fits (a full disk, see <see cref="StorageFailure.IsDiskFull"/>): nothing may be submitted.</exception>
    public static DiskReserve? Create(string runDirectory, int concurrency)
    {
        var path = Path.Combine(runDirectory, FileName);
        var minimum = Minimum(concurrency);
        foreach (var size in new[] { Math.Max(Preferred, minimum), minimum })
        {
            try
            {
                Fill(path, size);
                return new DiskReserve(path, size);
            }
            catch (IOException)
            {
                // Not this much room: try the smaller reserve.
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            TryDelete(path);
        }
        throw StorageFailure.DiskFull($"less than {minimum >> 10} KB free beside the journal in '{runDirectory}'");
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
