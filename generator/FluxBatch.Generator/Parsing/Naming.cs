using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Parsing;

/// <summary>How manifest names become C# names.</summary>
internal static class Naming
{
    /// <summary>
    /// <c>poster-typography</c> → <c>PosterTypography</c>, <c>output_format</c> → <c>OutputFormat</c>: every run of
    /// letters and digits starts with a capital, everything else separates words.
    /// </summary>
    public static string PascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var startOfWord = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }
            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }
        return builder.ToString();
    }

    /// <summary>True when <paramref name="name"/> can name a C# type or member (keywords are lower case, PascalCase never is).</summary>
    public static bool IsValidIdentifier(string name) =>
        name.Length > 0 && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;
}
