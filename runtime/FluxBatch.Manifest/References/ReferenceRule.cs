using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.References;

/// <summary>What a file is, as far as a reference needs to know.</summary>
public enum ReferenceFileKind
{
    /// <summary>A regular file with content.</summary>
    RegularFile,
    Directory,
    /// <summary>A FIFO, a device, a socket, or an empty file: nothing that can be read as an image without risk of hanging or never ending.</summary>
    Special,
}

/// <summary>A folder references may come from, and how to name it in a message.</summary>
public sealed record ReferenceRoot(string RealPath, string Description);

/// <summary>
/// What the disk says about one reference: its real path (every symlink resolved), its kind, its length and
/// its first bytes (read through a bounded stream), and the folders it may lie in.
/// </summary>
public sealed record ReferenceFacts(
    string RealPath, ReferenceFileKind Kind, long Length, byte[] Header, int HeaderLength, IReadOnlyList<ReferenceRoot> Roots);

/// <summary>Looks at a reference on disk; the rule then decides (see <see cref="ReferenceRule"/>).</summary>
public interface IReferenceProbe
{
    /// <param name="fullPath">The reference's path as written, made absolute against the manifest's folder.</param>
    /// <param name="manifestFolder">The manifest's folder (absolute, symlinks not resolved).</param>
    ReferenceFacts Probe(string fullPath, string manifestFolder);
}

/// <summary>A reference that breaks the rule: which diagnostic, and the text that says why.</summary>
public sealed record ReferenceProblem(DiagnosticDescriptor Descriptor, string Why);

/// <summary>
/// A local reference is sent to the API, so it must be what the manifest's author meant to send: a regular file
/// whose real path lies inside the manifest's folder, the git work tree that holds it, or a folder allowed with
/// <c>--allow-references</c>; a PNG, JPEG or WebP by its header, of sane dimensions; at most
/// <see cref="MaxBytes"/>. Documented in docs/manifest.md ("references").
/// </summary>
public static class ReferenceRule
{
    /// <summary>The largest reference file accepted: 20 MB (the API's own limit on a request body is of this order).</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    /// <summary>The longest side a reference may claim in its header (the API resizes inputs to about 4 MP anyway).</summary>
    public const int MaxSide = 16_384;

    /// <summary>How many leading bytes are read to recognise the format and the size.</summary>
    public const int HeaderBytes = 64 * 1024;

    public static ReferenceProblem? Check(ReferenceFacts facts)
    {
        if (!InsideAny(facts.RealPath, facts.Roots))
        {
            var roots = new List<string>();
            foreach (var root in facts.Roots)
            {
                roots.Add($"{root.Description} ({root.RealPath})");
            }

            return new ReferenceProblem(DiagnosticDescriptors.ReferenceOutsideRoots,
                $"resolves to {facts.RealPath}, outside {string.Join(" and ", roots)}");
        }

        switch (facts.Kind)
        {
            case ReferenceFileKind.Directory:
                return new ReferenceProblem(DiagnosticDescriptors.ReferenceNotRegularFile, "it is a folder");
            case ReferenceFileKind.Special:
                return new ReferenceProblem(DiagnosticDescriptors.ReferenceNotRegularFile, "it is a FIFO, a device or an empty file");
        }

        return ContentProblem(facts.Header, facts.HeaderLength, facts.Length);
    }

    /// <summary>The size and header checks alone, for bytes read later (planning, submit) through a bounded stream.</summary>
    public static ReferenceProblem? ContentProblem(byte[] header, int headerLength, long length)
    {
        if (length > MaxBytes)
        {
            return new ReferenceProblem(DiagnosticDescriptors.ReferenceNotRegularFile,
                $"it holds {Count(length)} bytes, more than the limit of {Count(MaxBytes)} (20 MB)");
        }

        var format = ImageSignature.Read(header, headerLength, out var width, out var height);
        if (format == ImageFormat.Unknown)
        {
            return new ReferenceProblem(DiagnosticDescriptors.ReferenceNotAnImage, "its content is not a PNG, JPEG or WebP image");
        }

        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
        {
            var size = width < 1 || height < 1 ? "no readable size" : $"{Count(width)}x{Count(height)}";
            return new ReferenceProblem(DiagnosticDescriptors.ReferenceNotAnImage,
                $"its {format.ToString().ToUpperInvariant()} header gives {size}; each side must be 1 to {Count(MaxSide)} pixels");
        }

        return null;
    }

    /// <summary>True when <paramref name="path"/> is inside (or is) one of the roots; case-insensitively on Windows.</summary>
    public static bool InsideAny(string path, IReadOnlyList<ReferenceRoot> roots)
    {
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var root in roots)
        {
            var prefix = root.RealPath.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? root.RealPath
                : root.RealPath + Path.DirectorySeparatorChar;
            if (path.StartsWith(prefix, comparison))
            {
                return true;
            }
        }

        return false;
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
