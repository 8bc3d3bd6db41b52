using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace FluxBatch.Manifest.Rules;

/// <summary>The names FluxBatch gives every template, and what a user-chosen name must look like.</summary>
public static class TemplateNames
{
    public const string Seed = "seed";
    public const string Index = "index";
    public const string Name = "name";
    public const string Model = "model";

    /// <summary>The job id; only output templates see it (the prompt is part of what the id hashes).</summary>
    public const string Id = "id";

    internal const string IdentifierPattern = "^[A-Za-z_][A-Za-z0-9_]*$";
    private static readonly Regex Identifier = new(IdentifierPattern, RegexOptions.CultureInvariant);

    internal const string IdentifierRule = "template names start with a letter or `_`, followed by letters, digits or `_`";

    /// <summary>Scriban keywords and builtin objects: a var named like one could not be read by a template.</summary>
    internal static readonly HashSet<string> ScribanWords = new()
    {
        "if", "else", "end", "for", "in", "while", "case", "when", "func", "ret", "capture", "readonly", "import",
        "with", "wrap", "include", "break", "continue", "tablerow", "true", "false", "null", "this", "do",
        "array", "empty", "blank", "date", "html", "math", "object", "regex", "string", "timespan",
    };

    public static bool IsIdentifier(string name) => Identifier.IsMatch(name);

    /// <summary>Why a user may not define <paramref name="name"/> (as a var or axis), or null if they may.</summary>
    internal static string? ProvidedReason(string name) => name switch
    {
        Index or Name or Id or Model => $"`{name}` is provided to templates by FluxBatch",
        _ when ScribanWords.Contains(name) => "it is a Scriban keyword or builtin object",
        _ => null,
    };
}
