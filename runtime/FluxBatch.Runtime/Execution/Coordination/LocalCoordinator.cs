using System.Globalization;

namespace FluxBatch.Execution.Coordination;

/// <summary>
/// Shares an account's slots between the processes of one machine through file locks: slot N of an account is the
/// file <c>STATE/slots/ACCOUNT/slot-NN.lock</c>, held open with <see cref="FileShare.None"/> (on Linux and macOS .NET
/// takes an exclusive <c>flock</c>, on Windows a share lock). The OS releases a dead process's locks whatever killed
/// it, so there is no lease to wait out. It keeps no budget: a shared budget needs the Redis coordinator.
/// </summary>
internal sealed class LocalCoordinator(string stateDirectory) : ICoordinator
{
    /// <summary>Environment variable naming the state folder (tests set it to a temporary folder).</summary>
    public const string StateDirectoryVariable = "FLUXBATCH_STATE_DIR";

    public string StateDirectory { get; } = stateDirectory;

    public string Description => $"the local state folder {StateDirectory}";

    /// <summary>FLUXBATCH_STATE_DIR, else $XDG_STATE_HOME/fluxbatch, else ~/.local/state/fluxbatch (LocalApplicationData on Windows).</summary>
    public static string DefaultStateDirectory(Func<string, string?> environment)
    {
        if (environment(StateDirectoryVariable) is { Length: > 0 } given)
            return Path.GetFullPath(given);
        if (environment("XDG_STATE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "fluxbatch");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "fluxbatch", "state");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "fluxbatch");
    }

    public IAccountSlots Slots(string account, int limit) =>
        new FileLockSlots(Path.Combine(StateDirectory, "slots", account), limit);

    public ISharedBudget? Budget(string name, decimal maxUsd) => null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The slot files of one account; a slot is held while its file is open here.</summary>
    private sealed class FileLockSlots : IAccountSlots
    {
        /// <summary>How long to wait before scanning the files again when all were taken.</summary>
        private static readonly TimeSpan Rescan = TimeSpan.FromMilliseconds(15);

        private readonly string _directory;
        private readonly Stack<FileStream> _held = new();
        private readonly SemaphoreSlim _oneScanner = new(1, 1);
        private readonly Lock _gate = new();

        public FileLockSlots(string directory, int limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            _directory = directory;
            Limit = limit;
            Directory.CreateDirectory(directory);
        }

        public int Limit { get; }

        public int Held { get { lock (_gate) return _held.Count; } }

        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            // One scanner per process: waiters keep their order here, and a full account costs one scan per rescan, not one per job.
            await _oneScanner.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    if (TryTakeAny() is { } file)
                    {
                        lock (_gate)
                            _held.Push(file);
                        return;
                    }
                    await Task.Delay(Rescan, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _oneScanner.Release();
            }
        }

        public void Release()
        {
            FileStream? file;
            lock (_gate)
                _held.TryPop(out file);
            file?.Dispose();
        }

        private FileStream? TryTakeAny()
        {
            // Start at a random slot: processes scanning together do not all fight over slot 00.
            var start = Random.Shared.Next(Limit);
            for (var i = 0; i < Limit; i++)
            {
                var path = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"slot-{(start + i) % Limit:D2}.lock"));
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException)
                {
                    // Held by another process (or another job of this one).
                }
            }
            return null;
        }
    }
}
