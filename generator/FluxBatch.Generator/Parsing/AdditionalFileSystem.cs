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

    private static string Normalize(string path) => path.Replace('\\', '/');
}
