using FluxBatch.Manifest;
using FluxBatch.Manifest.References;

namespace FluxBatch.Planning.References;

/// <summary>
/// The disk as the reference rule sees it (<see cref="ReferenceRule"/>): real paths with every symlink resolved,
/// the git work tree above the manifest, and the kind, length and first bytes of a file, read without ever
/// opening a FIFO or a device (they report no length) and through a bounded stream.
/// </summary>
internal sealed class ReferenceFileSystem : IManifestFileSystem, IReferenceProbe
{
    private const int MaxLinkHops = 40;
    private readonly IReadOnlyList<string> _allowedRoots;

    /// <param name="allowedRoots">Further folders references may come from (<c>run --allow-references DIR</c>).</param>
    public ReferenceFileSystem(IEnumerable<string>? allowedRoots = null) =>
        _allowedRoots = (allowedRoots ?? []).Select(Path.GetFullPath).ToArray();

    public bool FileExists(string fullPath) => File.Exists(fullPath);

    public ReferenceFacts Probe(string fullPath, string manifestFolder)
    {
        var roots = Roots(manifestFolder);
        var real = RealPath(fullPath);
        if (Directory.Exists(real))
            return new ReferenceFacts(real, ReferenceFileKind.Directory, 0, [], 0, roots);
        var length = new FileInfo(real).Length;
        if (length == 0 || !ReferenceRule.InsideAny(real, roots))
            return new ReferenceFacts(real, ReferenceFileKind.Special, length, [], 0, roots); // never opened
        var header = new byte[ReferenceRule.HeaderBytes];
        int read;
        using (var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return new ReferenceFacts(real, ReferenceFileKind.RegularFile, length, header, read, roots);
    }

    private IReadOnlyList<ReferenceRoot> Roots(string manifestFolder)
    {
        var folder = RealPath(manifestFolder);
        var roots = new List<ReferenceRoot> { new(folder, "the manifest's folder") };
        if (GitWorkTree(folder) is { } tree && tree != folder)
            roots.Add(new ReferenceRoot(tree, "its git work tree"));
        roots.AddRange(_allowedRoots.Select(r => new ReferenceRoot(RealPath(r), "--allow-references")));
        return roots;
    }

    /// <summary>The folder holding <c>.git</c> (a folder, or a file in a linked work tree) at or above <paramref name="folder"/>.</summary>
    private static string? GitWorkTree(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>
    /// <paramref name="path"/> with every symlink resolved, segment by segment (a link in a parent folder counts as
    /// much as a link at the end), like realpath(3). A loop of links stops after <see cref="MaxLinkHops"/>.
    /// </summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == ".")
                continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, segment);
            var target = new FileInfo(next).LinkTarget;
            if (target is null || ++hops > MaxLinkHops)
            {
                current = next;
                continue;
            }
            // Resolve the target against the link's folder and walk its segments in place of the link.
            var resolved = Path.GetFullPath(target, current);
            var rest = resolved[Path.GetPathRoot(resolved)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            foreach (var part in rest.Reverse())
                pending.Push(part);
            current = Path.GetPathRoot(resolved)!;
        }
        return current;
    }
}

/// <summary>Reads a reference's bytes through a bounded stream: never more than the rule's limit plus one byte.</summary>
internal static class BoundedReferenceRead
{
    /// <summary>The file's bytes, or <see cref="InvalidDataException"/> naming why they cannot be sent.</summary>
    public static byte[] Read(string path)
    {
        // A FIFO or device reports no length; opening one could hang, reading one might never end.
        if (new FileInfo(path).Length == 0)
            throw new InvalidDataException($"'{path}' is a FIFO, a device or an empty file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var bytes = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while (bytes.Length <= ReferenceRule.MaxBytes && (read = stream.Read(chunk, 0, chunk.Length)) > 0)
            bytes.Write(chunk, 0, read);
        var data = bytes.GetBuffer();
        if (ReferenceRule.ContentProblem(data, (int)Math.Min(bytes.Length, ReferenceRule.HeaderBytes), bytes.Length) is { } problem)
            throw new InvalidDataException($"'{path}': {problem.Why}");
        return bytes.ToArray();
    }
}
