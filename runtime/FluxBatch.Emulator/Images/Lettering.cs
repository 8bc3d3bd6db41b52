using System.Text.RegularExpressions;

namespace FluxBatch.Emulator.Images;

/// <summary>
/// The text a prompt asks to be written: every quoted passage (<c>"LIVE AT THE ROUNDHOUSE"</c>, straight or
/// curly quotes), in prompt order. Image models render such text as lettering, and FLUX.2 is sold on it.
/// </summary>
internal static partial class Lettering
{
    private const int MaxPassages = 4;
    private const int MaxLength = 48;

    public static IReadOnlyList<string> Of(string prompt) =>
        Quoted().Matches(prompt)
            .Select(m => m.Groups[1].Value.Trim())
            .Where(text => text.Length > 0)
            .Take(MaxPassages)
            .Select(text => text.Length > MaxLength ? text[..MaxLength] : text)
            .ToArray();

    /// <summary>The prompt with its quoted passages taken out: what the scene, not the lettering, is drawn from.</summary>
    public static string WithoutQuotes(string prompt) => Quoted().Replace(prompt, "\"\"");

    [GeneratedRegex("[\"\u201C]([^\"\u201C\u201D\\n]{1,200})[\"\u201D]", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}
