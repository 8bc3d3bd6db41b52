using System.Globalization;
using System.Text;

namespace FluxBatch.Scoring;

/// <summary>
/// Text fidelity of one expected string against what OCR read in the image: <c>1 − CER</c>, where the character
/// error rate is the fewest single-character insertions, deletions and substitutions (Levenshtein distance) that turn
/// the expected string into some stretch of the reading, divided by the expected string's length, and the score is
/// floored at 0. "Some stretch": the other text on the poster (a band name, a date) costs nothing, so each expected
/// string is found wherever it is. Nothing read scores 0.
/// </summary>
/// <remarks>
/// Both sides are normalised first (<see cref="Normalise"/>): Unicode NFKC (ligatures such as "ﬁ" become "fi"),
/// curly quotes and apostrophes become straight ones, letters are compared case-insensitively (upper-cased with the
/// invariant culture: a prompt writes "Night Owls", the lettering often shows NIGHT OWLS), and every run of
/// whitespace, line breaks included, counts as one space, with none at either end. Punctuation counts as characters.
/// </remarks>
internal static class TextFidelity
{
    public static double Score(string expected, string reading)
    {
        var want = Normalise(expected);
        if (want.Length == 0)
            return 0;
        var distance = BestSubstringDistance(want, Normalise(reading));
        return Math.Max(0, 1.0 - (double)distance / want.Length);
    }

    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u2032' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u2033' => '"',
                _ => char.ToUpperInvariant(c),
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// The Levenshtein distance from <paramref name="pattern"/> to its closest substring of <paramref name="text"/>
    /// (Sellers' algorithm: the usual table, with a free start anywhere in the text and the best end taken).
    /// O(|pattern| · |text|) time, O(|pattern|) memory.
    /// </summary>
    public static int BestSubstringDistance(string pattern, string text)
    {
        // column[i] = distance from pattern[..i] to the best substring of text ending at the current position.
        var column = new int[pattern.Length + 1];
        for (var i = 0; i <= pattern.Length; i++)
            column[i] = i;
        var best = column[pattern.Length];
        foreach (var t in text)
        {
            var diagonal = column[0]; // the empty prefix matches the empty substring anywhere: stays 0
            for (var i = 1; i <= pattern.Length; i++)
            {
                var above = column[i];
                var substitution = diagonal + (pattern[i - 1] == t ? 0 : 1);
                column[i] = Math.Min(substitution, Math.Min(above + 1, column[i - 1] + 1));
                diagonal = above;
            }
            best = Math.Min(best, column[pattern.Length]);
        }
        return best;
    }

    /// <summary>Formats a score for people: two decimals, invariant culture.</summary>
    public static string Format(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);
}
