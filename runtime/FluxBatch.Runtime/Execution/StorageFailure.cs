using Microsoft.Data.Sqlite;

namespace FluxBatch.Execution;

/// <summary>
/// Recognises the two storage failures a user must act on, whatever layer met them (an image write, the journal,
/// the lock): a full disk and a read-only folder. Each stops the run with one line that says which, instead of a
/// stack of per-job "internal error" reasons or a misleading "another run is using it".
/// </summary>
internal static class StorageFailure
{
    // errno values, as .NET puts them in IOException.HResult on Unix; Windows' own codes for the same conditions.
    private const int Enospc = 28, Edquot = 122, Erofs = 30, WinDiskFull = unchecked((int)0x80070070), WinHandleDiskFull = unchecked((int)0x80070027);
    private const int SqliteFull = 13, SqliteReadOnly = 8;

    /// <summary>The stop line for a full disk or a read-only folder, or null for anything else.</summary>
    public static string? Describe(Exception e, string runDirectory)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case var _ when IsFullError(inner):
                    return $"the disk holding '{runDirectory}' is full: the run stopped; paid jobs stay recorded for the next run. Free some space and run the same command again";
                case SqliteException { SqliteErrorCode: SqliteReadOnly }:
                case IOException { HResult: Erofs }:
                case UnauthorizedAccessException:
                    return ReadOnly(runDirectory);
            }
        }
        return null;
    }

    /// <summary>True for a full disk (or quota) however it surfaced: SQLite's SQLITE_FULL or the system's ENOSPC.</summary>
    public static bool IsDiskFull(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (IsFullError(inner))
                return true;
        }
        return false;
    }

    /// <summary>An exception that <see cref="IsDiskFull"/> recognises, for a full disk met without one.</summary>
    public static IOException DiskFull(string message) => new(message, Enospc);

    /// <summary>Less free space under <paramref name="folder"/> than a journal needs to start (about 1 MB).</summary>
    public static bool LooksFull(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace < 1 << 20;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsFullError(Exception e) =>
        e is SqliteException { SqliteErrorCode: SqliteFull } or IOException { HResult: Enospc or Edquot or WinDiskFull or WinHandleDiskFull };

    public static string ReadOnly(string runDirectory) =>
        $"the run folder '{runDirectory}' is read-only (or not writable by this user): nothing was submitted. Choose another folder with --out, or make it writable";
}
