using System;
using System.Collections.Generic;
using FluxBatch.Generator.Model;
using FluxBatch.Manifest;

namespace FluxBatch.Generator.Parsing;

/// <summary>
/// The manifest reader's view of the disk inside the compiler: a reference image exists when the project lists
/// it among its <c>AdditionalFiles</c>. A generator may not read the disk itself (the build would not know to
/// rerun it when the file changes), so this keeps the "missing reference" rule honest and incremental.
/// </summary>
internal sealed class AdditionalFileSystem : IManifestFileSystem
{
    private readonly HashSet<string> _paths;

    public AdditionalFileSystem(EquatableArray<string> paths)
    {
        _paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            _paths.Add(Normalize(path));
        }
    }

    public bool FileExists(string fullPath) => _paths.Contains(Normalize(fullPath));

    /// <summary>
    /// The compiler may hand over paths as MSBuild wrote them (<c>project/../refs/a.png</c>); the reader asks with
    /// resolved full paths. Resolving is string work only, no disk access.
    /// </summary>
    private static string Normalize(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path).Replace('\\', '/');
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return path.Replace('\\', '/');
        }
    }
}
