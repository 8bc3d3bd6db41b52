using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace FluxBatch.Planning.PromptRendering;

/// <summary>
/// The fast path for the most common template shape, literal text and bare <c>{{ name }}</c> holes (an output
/// file such as <c>s{{ steps }}-g{{ guidance }}-{{ seed }}.png</c>): rendered by concatenation, with the same
/// text Scriban produces (a test holds both to the same output). Anything else (filters, expressions, escapes)
/// goes through the full template engine. This matters for names that change with every job (<c>seed</c>):
/// a million jobs cannot afford a million template-engine renders.
/// </summary>
internal sealed partial class InterpolationTemplate : IPlanTemplate
{
    private readonly string[] _literals;
    private readonly string[] _holes;

    private InterpolationTemplate(string[] literals, string[] holes)
    {
        _literals = literals;
        _holes = holes;
        ReferencedNames = holes.Distinct(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyCollection<string> ReferencedNames { get; }

    /// <summary>A fast template when <paramref name="text"/> has only literals and bare names, else null.</summary>
    public static InterpolationTemplate? TryCreate(string text)
    {
        var literals = new List<string>();
        var holes = new List<string>();
        var position = 0;
        foreach (Match match in Hole().Matches(text))
        {
            literals.Add(text[position..match.Index]);
            holes.Add(match.Groups["name"].Value);
            position = match.Index + match.Length;
        }

        var tail = text[position..];
        literals.Add(tail);
        return literals.Any(l => l.Contains("{{", StringComparison.Ordinal) || l.Contains("}}", StringComparison.Ordinal)
                || l.Contains("{%", StringComparison.Ordinal))
            ? null
            : new InterpolationTemplate(literals.ToArray(), holes.ToArray());
    }

    /// <summary>
    /// This template with every hole except <paramref name="keep"/> filled in from <paramref name="values"/>:
    /// bound once per combination, an output file then formats only the seed per job.
    /// </summary>
    public InterpolationTemplate Bind(IReadOnlyDictionary<string, object?> values, IReadOnlyCollection<string> keep)
    {
        var literals = new List<string> { _literals[0] };
        var holes = new List<string>();
        for (var i = 0; i < _holes.Length; i++)
        {
            if (keep.Contains(_holes[i]))
            {
                holes.Add(_holes[i]);
                literals.Add(_literals[i + 1]);
                continue;
            }

            if (!values.TryGetValue(_holes[i], out var value))
            {
                throw new KeyNotFoundException($"The variable `{_holes[i]}` is not defined.");
            }

            literals[^1] += TemplateText.Format(value) + _literals[i + 1];
        }

        return new InterpolationTemplate(literals.ToArray(), holes.ToArray());
    }

    public string Render(IReadOnlyDictionary<string, object?> values)
    {
        // Numbers format straight into the buffer (invariant culture): one string allocated per render.
        var text = new DefaultInterpolatedStringHandler(0, _holes.Length, CultureInfo.InvariantCulture, stackalloc char[256]);
        for (var i = 0; i < _holes.Length; i++)
        {
            text.AppendLiteral(_literals[i]);
            if (!values.TryGetValue(_holes[i], out var value))
            {
                throw new KeyNotFoundException($"The variable `{_holes[i]}` is not defined.");
            }

            switch (value)
            {
                case long l:
                    text.AppendFormatted(l);
                    break;
                case decimal d:
                    text.AppendFormatted(d);
                    break;
                case string s:
                    text.AppendLiteral(s);
                    break;
                default:
                    text.AppendLiteral(TemplateText.Format(value));
                    break;
            }
        }

        text.AppendLiteral(_literals[^1]);
        return text.ToStringAndClear();
    }

    // Scriban keywords (if, for, end, ...) are statements, not names: they must take the full engine.
    [GeneratedRegex(@"\{\{-?\s*(?<name>(?!(?:if|else|end|for|while|capture|case|when|func|ret|with|wrap|import|readonly|include|break|continue|true|false|null|this|empty)\b)[A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}")]
    private static partial Regex Hole();
}
