using System.Text;

namespace FluxBatch.Planning.OutputPaths;

/// <summary>
/// Turns a rendered <c>output.file</c> (or <c>output.dir</c>) into a safe relative path: split on <c>/</c> and
/// <c>\</c>, each segment stripped of characters no file system accepts and of leading/trailing dots and spaces,
/// empty segments and <c>.</c>/<c>..</c> dropped, Windows device names prefixed with <c>_</c>. The result is
/// never rooted and cannot climb out of the run folder, whatever the template produced.
/// </summary>
internal static class OutputPath
{
    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The sanitized path with <c>/</c> separators, or <paramref name="fallback"/> when nothing is left.</summary>
    public static string Sanitize(string rendered, string fallback)
    {
        if (IsClean(rendered))
        {
            return rendered;
        }

        var segments = new List<string>();
        foreach (var raw in rendered.Split('/', '\\'))
        {
            var segment = CleanSegment(raw);
            if (segment.Length > 0)
            {
                segments.Add(segment);
            }
        }

        return segments.Count == 0 ? fallback : string.Join("/", segments);
    }

    // The common case, a path the template already made safe, is recognised in one pass without allocating.
    private static bool IsClean(string path)
    {
        var segmentStart = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                var c = path[i];
                if (c < 0x20 || c is '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*' or (char)0x7F)
                {
                    return false;
                }

                continue;
            }

            var segment = path.AsSpan(segmentStart, i - segmentStart);
            if (segment.Length == 0 || IsTrimmable(segment[0]) || IsTrimmable(segment[^1]))
            {
                return false;
            }

            var dot = segment.IndexOf('.');
            var stem = dot < 0 ? segment : segment[..dot];
            if (stem.Length is 3 or 4 && DeviceLookup.Contains(stem))
            {
                return false;
            }

            segmentStart = i + 1;
        }

        return true;
    }

    private static bool IsTrimmable(char c) => c == '.' || char.IsWhiteSpace(c);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> DeviceLookup =
        DeviceNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static string CleanSegment(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            // Control characters and the characters Windows forbids; ':' also stops drive-letter paths (C:).
            if (c < 0x20 || c is '<' or '>' or ':' or '"' or '|' or '?' or '*' or (char)0x7F)
            {
                builder.Append('_');
            }
            else
            {
                builder.Append(c);
            }
        }

        // Trimming dots also turns "." and ".." into nothing, so they cannot climb out of the folder.
        var segment = builder.ToString().Trim().Trim('.').Trim();
        if (segment.Length == 0)
        {
            return segment;
        }

        var stem = segment.Split('.')[0];
        return DeviceNames.Contains(stem) ? "_" + segment : segment;
    }
}
