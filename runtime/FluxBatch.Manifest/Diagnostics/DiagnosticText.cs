using System.Globalization;
using System.Text;

namespace FluxBatch.Manifest.Diagnostics;

/// <summary>
/// Makes user text safe to print inside a one-line diagnostic: a NUL, a newline or an escape sequence in a name
/// would cut the line, forge a second "file:line:col: error" line, or drive the terminal. Control characters
/// (C0, DEL, C1) and the Unicode line/paragraph separators become visible escapes such as <c>\n</c>, <c>\0</c>,
/// <c>\u001B</c>.
/// </summary>
public static class DiagnosticText
{
    public static string Escape(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\0': builder.Append("\\0"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (NeedsEscape(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
}
