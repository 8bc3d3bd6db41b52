using System.Globalization;
using System.Text;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Outputs;

namespace FluxBatch.Planning.OutputPaths;

/// <summary>
/// Renders every job's output path once, before anything runs, and refuses what would make two jobs share a file or
/// break the run folder: the same path for two jobs (compared case-insensitively, as macOS and Windows file systems
/// do), the run's own files (<c>journal.db*</c>, <c>index.html</c>, <c>run.lock</c>, <c>run.json</c>), a sidecar
/// name, a path that is also another job's folder, and a segment over <see cref="MaxSegmentBytes"/>. Each diagnostic
/// names the jobs and points at <c>output.file</c>. Memory: one 64-bit hash per path and folder, the paths themselves
/// only for the few jobs a second pass confirms.
/// </summary>
internal static class OutputPathCheck
{
    /// <summary>The longest file name most file systems take (ext4, APFS, NTFS), in UTF-8 bytes.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Plans larger than this are not rendered in advance (it would take minutes); RunFolder still guards each write.</summary>
    public const long MaxCheckedJobs = 10_000_000;

    private const int MaxReported = 10;

    public static IReadOnlyList<ManifestDiagnostic> Check(ManifestSpec manifest, IEnumerable<PlannedJob> jobs, long count)
    {
        if (count > MaxCheckedJobs)
            return [];
        var position = manifest.Output.FilePosition;
        var diagnostics = new List<ManifestDiagnostic>();
        var files = new Dictionary<ulong, long>();
        var folders = new Dictionary<ulong, long>();
        var suspects = new List<(long First, long Second, bool Folder)>();

        foreach (var job in jobs)
        {
            if (diagnostics.Count >= MaxReported)
                break;
            if (SingleJobProblem(job) is { } problem)
            {
                diagnostics.Add(problem(position));
                continue;
            }
            var key = Fold(job.OutputFile);
            var hash = Hash(key, key.Length);
            if (!files.TryAdd(hash, job.Index))
                suspects.Add((files[hash], job.Index, false));
            if (folders.TryGetValue(hash, out var under))
                suspects.Add((job.Index, under, true));
            for (var slash = key.IndexOf('/'); slash > 0; slash = key.IndexOf('/', slash + 1))
            {
                var folder = Hash(key, slash);
                folders.TryAdd(folder, job.Index);
                if (files.TryGetValue(folder, out var file))
                    suspects.Add((file, job.Index, true));
            }
        }

        if (suspects.Count > 0)
            diagnostics.AddRange(Confirm(jobs, suspects, position).Take(MaxReported - Math.Min(MaxReported, diagnostics.Count)));
        return diagnostics;
    }

    /// <summary>What is wrong with one path on its own (reserved, sidecar-like, too long), or null.</summary>
    private static Func<SourcePosition, ManifestDiagnostic>? SingleJobProblem(PlannedJob job)
    {
        var segments = job.OutputFile.Split('/');
        if (segments.Length == 1 && RunFolder.IsReservedName(segments[0]))
            return at => DiagnosticDescriptors.ReservedOutputName.Create(at, Describe(job), job.OutputFile, "it is one of the run's own files (journal.db*, run.lock, run.json, index.html)");
        if (job.OutputFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return at => DiagnosticDescriptors.ReservedOutputName.Create(at, Describe(job), job.OutputFile, "an image path cannot end in .json (its sidecar is the image's path + .json)");
        for (var i = 0; i < segments.Length; i++)
        {
            // The last segment also names the sidecar, five bytes longer.
            var bytes = Encoding.UTF8.GetByteCount(segments[i]) + (i == segments.Length - 1 ? ".json".Length : 0);
            if (bytes > MaxSegmentBytes)
            {
                var segment = segments[i];
                return at => DiagnosticDescriptors.OutputSegmentTooLong.Create(at, Describe(job),
                    Shorten(segment), bytes.ToString(CultureInfo.InvariantCulture), MaxSegmentBytes.ToString(CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    /// <summary>Second pass over the few suspect jobs: compares their real paths (a hash match may be a coincidence).</summary>
    private static IEnumerable<ManifestDiagnostic> Confirm(IEnumerable<PlannedJob> jobs, List<(long First, long Second, bool Folder)> suspects, SourcePosition position)
    {
        var wanted = suspects.SelectMany(s => new[] { s.First, s.Second }).ToHashSet();
        var last = wanted.Max();
        var found = new Dictionary<long, PlannedJob>();
        foreach (var job in jobs)
        {
            if (wanted.Contains(job.Index))
                found[job.Index] = job;
            if (job.Index >= last)
                break;
        }

        foreach (var (first, second, folder) in suspects)
        {
            var a = found[first];
            var b = found[second];
            if (!folder && Fold(a.OutputFile) == Fold(b.OutputFile))
            {
                var how = a.OutputFile == b.OutputFile ? "the same path" : "paths equal but for letter case";
                yield return DiagnosticDescriptors.OutputPathCollision.Create(position, Describe(a), Describe(b), how, a.OutputFile, b.OutputFile);
            }
            else if (folder && Fold(b.OutputFile).StartsWith(Fold(a.OutputFile) + "/", StringComparison.Ordinal))
            {
                yield return DiagnosticDescriptors.OutputFileFolderConflict.Create(position, Describe(a), a.OutputFile, Describe(b), b.OutputFile);
            }
        }
    }

    /// <summary>The form two paths share when a case-insensitive file system would take them for one file.</summary>
    private static string Fold(string path) => path.Normalize(NormalizationForm.FormC).ToUpperInvariant();

    private static ulong Hash(string text, int length)
    {
        var hash = 14695981039346656037UL; // FNV-1a, 64 bits
        for (var i = 0; i < length; i++)
        {
            hash ^= text[i];
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>"job 3 (id 1a2b…, color=New York, seed=5)": enough to find the job in the plan and the sweep.</summary>
    internal static string Describe(PlannedJob job)
    {
        var values = job.Parameters.Select(p => $"{p.Key}={DiagnosticText.Escape(Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "")}")
            .Append($"seed={job.Request.Seed?.ToString(CultureInfo.InvariantCulture)}");
        return $"job {job.Index.ToString(CultureInfo.InvariantCulture)} (id {job.Id}, {string.Join(", ", values)})";
    }

    private static string Shorten(string segment) => segment.Length <= 40 ? segment : segment[..20] + "…" + segment[^12..];
}
