namespace FluxBatch.Outputs;

/// <summary>
/// The run folder and the guard on every path written into it: an image path comes from a template fed with
/// user values, so it must stay inside the folder whatever those values contain (<c>..</c>, absolute paths,
/// symlinked directories) and must not overwrite the run's own files.
/// </summary>
internal sealed class RunFolder
{
    public const string RunSummaryFile = Execution.RunReport.FileName;

    private static readonly string[] Reserved = [RunSummaryFile, Execution.RunJournal.FileName, Execution.RunLock.FileName, Gallery.ContactSheetWriter.FileName];

    public RunFolder(string path)
    {
        // A run folder that is itself a symlink (or lies under one) is resolved once, here: its target is the run
        // folder, and every path is checked against that. Symlinked folders inside it are refused (below).
        Root = Path.TrimEndingDirectorySeparator(Planning.References.ReferenceFileSystem.RealPath(Path.GetFullPath(path)));
    }

    /// <summary>Absolute, without a trailing separator.</summary>
    public string Root { get; }

    public string SummaryPath => Path.Combine(Root, RunSummaryFile);

    /// <summary>
    /// True for the run's own files at the top of the folder, case-insensitively: run.json, run.lock, index.html,
    /// and journal.db with every file kept beside it (SQLite's journal.db-wal, -shm, -journal; the run's disk reserve).
    /// </summary>
    public static bool IsReservedName(string name) =>
        Reserved.Contains(name, StringComparer.OrdinalIgnoreCase)
        || name.StartsWith(Execution.RunJournal.FileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The absolute path of <paramref name="relative"/>, or <see cref="UnsafeOutputPathException"/>.</summary>
    public string Resolve(string relative)
    {
        if (string.IsNullOrWhiteSpace(relative))
            throw new UnsafeOutputPathException(relative, "the path is empty");
        if (relative.Contains('\0'))
            throw new UnsafeOutputPathException(relative, "the path contains a NUL character");
        if (Path.IsPathRooted(relative) || relative.StartsWith('/') || relative.StartsWith('\\'))
            throw new UnsafeOutputPathException(relative, "the path is absolute");
        var segments = relative.Split('/', '\\');
        if (segments.Any(s => s is ".." or "."))
            throw new UnsafeOutputPathException(relative, "the path contains '.' or '..' segments");
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new UnsafeOutputPathException(relative, "the path leaves the run folder");
        if (segments.Length == 1 && IsReservedName(segments[0]))
            throw new UnsafeOutputPathException(relative, "the name is reserved for the run's own files");
        if (full.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new UnsafeOutputPathException(relative, "an image path cannot end in .json (sidecars do)");
        EnsureNoLinkedDirectory(full);
        return full;
    }

    /// <summary>A directory inside the run folder that is a symlink could point anywhere: refuse to write through it.</summary>
    private void EnsureNoLinkedDirectory(string full)
    {
        for (var dir = Path.GetDirectoryName(full); dir is not null && dir.Length > Root.Length; dir = Path.GetDirectoryName(dir))
        {
            var info = new DirectoryInfo(dir);
            if (info.Exists && info.LinkTarget is not null)
                throw new UnsafeOutputPathException(Path.GetRelativePath(Root, full), $"'{Path.GetRelativePath(Root, dir)}' is a symbolic link");
        }
    }
}

/// <summary>An output path that would leave the run folder or clobber its files; the job fails with this reason.</summary>
internal sealed class UnsafeOutputPathException(string path, string why)
    : Exception($"unsafe output path '{path}': {why}");
