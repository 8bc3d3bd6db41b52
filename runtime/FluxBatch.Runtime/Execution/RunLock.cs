namespace FluxBatch.Execution;

/// <summary>
/// Holds <c>run.lock</c> open exclusively for the life of a run, so two runs can never drive the same journal
/// (they would both see a job as not started and pay for it twice). The OS releases it if the process dies.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static RunLock Acquire(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        try
        {
            Directory.CreateDirectory(runDirectory);
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a lock held elsewhere means another run; a read-only or full folder says so.
            if (StorageFailure.Describe(e, runDirectory) is { } storage)
                throw new RunFolderUnusableException(storage, e);
            throw new RunFolderBusyException(runDirectory, e);
        }
    }

    /// <summary>
    /// Whether a run holds <paramref name="runDirectory"/>'s lock now (for <c>status --watch</c>). Probing takes the
    /// lock for an instant; a run starting in that instant is refused as busy, before it sends anything.
    /// </summary>
    public static bool IsHeld(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
            return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another run holds the folder's lock: nothing was submitted (a <see cref="RunFolderUnusableException"/>, so one catch covers both).</summary>
internal sealed class RunFolderBusyException(string runDirectory, Exception inner)
    : RunFolderUnusableException($"another fluxbatch run is using '{runDirectory}'", inner);

/// <summary>The run folder cannot be used (another run holds it, it is read-only or full): nothing was submitted.</summary>
internal class RunFolderUnusableException(string message, Exception inner) : FluxBatchException(message, inner);
