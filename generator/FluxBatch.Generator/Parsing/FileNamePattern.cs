using System;

namespace FluxBatch.Generator.Parsing;

/// <summary>
/// Matches a file's name against a pattern with <c>*</c> (any run of characters) and <c>?</c> (one
/// character), case-insensitively, as MSBuild globs match file names on every platform we build on.
/// </summary>
internal static class FileNamePattern
{
    public static bool Matches(string pattern, string path)
    {
        var name = FileName(path);
        return Match(pattern, 0, name, 0);
    }

    /// <summary>The last segment of a path with either separator (paths may come from another OS in tests).</summary>
    public static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    private static bool Match(string pattern, int p, string name, int n)
    {
        // Iterative wildcard matching with one backtrack point: linear for the short patterns used here.
        int starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(name[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
