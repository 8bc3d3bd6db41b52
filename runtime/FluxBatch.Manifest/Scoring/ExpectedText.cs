using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FluxBatch.Manifest.Scoring;

/// <summary>
/// The strings an image is expected to show, for the text score (docs/scoring.md). One rule, read by the manifest
/// check (is there anything to read?) and by the scorer (what should it read?):
/// <list type="bullet">
/// <item><c>score.text</c> given: each non-blank line of its rendered output, trimmed.</item>
/// <item>otherwise: the strings the rendered prompt quotes (<c>A poster for "LIVE AT THE ROUNDHOUSE"</c>).</item>
/// </list>
/// </summary>
public static class ExpectedText
{
    /// <summary>The non-blank lines of a rendered <c>score.text</c>, trimmed, in order.</summary>
    public static IReadOnlyList<string> FromScoreTemplate(string rendered) =>
        rendered.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();

    /// <summary>True when <paramref name="text"/> has any opening or closing quote character at all.</summary>
    public static bool HasQuoteCharacter(string text) =>
        text.IndexOf('"') >= 0 || text.IndexOf('\u201C') >= 0 || text.IndexOf('\u201D') >= 0;

    /// <summary>
    /// The quoted strings of a prompt's text. A quoted string opens with <c>"</c> or <c>“</c> and closes with the
    /// next <c>"</c> or <c>”</c>; a quote never closed quotes nothing. Empty strings are skipped; the others are
    /// trimmed, in the order they appear, each once. (A structured prompt is read leaf by leaf: its JSON syntax
    /// quotes nothing.)
    /// </summary>
    public static IReadOnlyList<string> Quoted(string text)
    {
        var found = new List<string>();
        var current = new StringBuilder();
        var open = false;
        foreach (var c in text)
        {
            var isQuote = c == '"' || c == '\u201C' || c == '\u201D';
            if (!isQuote)
            {
                if (open)
                {
                    current.Append(c);
                }
            }
            else if (!open && c != '\u201D')
            {
                open = true;
                current.Clear();
            }
            else if (open && c != '\u201C')
            {
                open = false;
                var value = current.ToString().Trim();
                if (value.Length > 0 && !found.Contains(value))
                {
                    found.Add(value);
                }
            }
        }

        return found;
    }
}
