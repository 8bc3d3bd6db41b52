using System;
using System.Collections.Generic;
using System.Linq;

namespace FluxBatch.Manifest.Rules;

/// <summary>"did you mean `guidance`?" for a misspelt key, by edit distance (Damerau-Levenshtein, adjacent swaps cost 1).</summary>
internal static class NameSuggestions
{
    /// <summary>The closest candidate within a third of the word's length (at least 1, at most 3 edits), or null.</summary>
    public static string? Closest(string unknown, IEnumerable<string> candidates)
    {
        var budget = Math.Min(3, Math.Max(1, unknown.Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= budget && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"did you mean `x`?" when one is close, otherwise the list of what is expected.</summary>
    public static string Hint(string unknown, IReadOnlyCollection<string> candidates)
    {
        var closest = Closest(unknown, candidates);
        return closest is not null
            ? $"did you mean `{closest}`?"
            : "expected one of: " + string.Join(", ", candidates.Select(c => "`" + c + "`"));
    }

    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
