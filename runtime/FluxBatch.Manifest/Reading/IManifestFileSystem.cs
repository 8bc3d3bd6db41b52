using System.IO;

namespace FluxBatch.Manifest;

/// <summary>
/// What the reader needs from a file system: whether a reference image exists. The source generator, which may
/// not touch the disk freely, supplies its own (from AdditionalFiles); everything else uses <see cref="PhysicalFileSystem"/>.
/// </summary>
public interface IManifestFileSystem
{
    bool FileExists(string fullPath);
}

/// <summary>The real disk.</summary>
public sealed class PhysicalFileSystem : IManifestFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string fullPath) => File.Exists(fullPath);
}
