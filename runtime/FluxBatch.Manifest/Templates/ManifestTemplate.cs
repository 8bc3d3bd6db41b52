using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace FluxBatch.Manifest.Templates;

/// <summary>
/// A Scriban template compiled once and rendered many times: strict (an unknown name is an error), without
/// file, clock, randomness or network access, and under <see cref="TemplateLimits"/>. Thread-safe.
/// </summary>
public sealed class ManifestTemplate
{
    [ThreadStatic]
    private static TemplateContext? _cachedContext;

    private readonly Template _template;

    private ManifestTemplate(string text, Template template, IReadOnlyList<string> referencedNames, IReadOnlyDictionary<string, ScriptNode> readSites)
    {
        Text = text;
        _template = template;
        ReferencedNames = referencedNames;
        ReadSites = readSites;
        IsConstant = template.Page is null || template.Page.Body is null || !text.Contains("{{");
    }

    /// <summary>The template text as written.</summary>
    public string Text { get; }

    /// <summary>The names the template reads (its inputs), in order of first use.</summary>
    public IReadOnlyList<string> ReferencedNames { get; }

    /// <summary>True when the text has no <c>{{ }}</c>: every render gives <see cref="Text"/>.</summary>
    public bool IsConstant { get; }

    internal IReadOnlyDictionary<string, ScriptNode> ReadSites { get; }

    /// <summary>Parses <paramref name="text"/>; on failure returns null and the errors (0-based template positions).</summary>
    public static ManifestTemplate? TryParse(string text, out IReadOnlyList<TemplateError> errors)
    {
        var template = Template.Parse(text);
        if (template.HasErrors)
        {
            errors = template.Messages
                .Where(m => m.Type == ParserMessageType.Error)
                .Select(m => new TemplateError(TemplateErrorKind.Syntax, m.Message, m.Span.Start.Line, m.Span.Start.Column))
                .ToArray();
            return null;
        }

        var (reads, forbidden) = NameCollector.Collect(template.Page);
        errors = forbidden;
        return new ManifestTemplate(text, template, reads.OrderBy(r => r.Value.Span.Start.Offset).Select(r => r.Key).ToArray(), reads);
    }

    /// <summary>Parses a template that is known to be valid (the manifest reader has checked it).</summary>
    public static ManifestTemplate Parse(string text)
    {
        var template = TryParse(text, out var errors);
        if (template is null || errors.Count > 0)
        {
            throw new ArgumentException("Invalid template: " + errors[0].Message, nameof(text));
        }

        return template;
    }

    /// <summary>Where a referenced name is first read (0-based line and column of the template text).</summary>
    public (int Line, int Column) PositionOf(string name) =>
        ReadSites.TryGetValue(name, out var node) ? (node.Span.Start.Line, node.Span.Start.Column) : (0, 0);

    /// <summary>
    /// Renders with these values (strings, integers, decimals, booleans, lists; see <see cref="TemplateValues"/>).
    /// Throws <see cref="TemplateRenderException"/> when the template fails or exceeds a limit.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> values)
    {
        if (IsConstant)
        {
            return Text;
        }

        var context = _cachedContext ?? CreateContext();
        _cachedContext = null; // a context in use (or broken by an exception) is never shared
        var globals = new ScriptObject(values.Count);
        foreach (var pair in values)
        {
            globals.SetValue(pair.Key, pair.Value, readOnly: false);
        }

        context.PushGlobal(globals);
        try
        {
            var result = _template.Render(context);
            context.PopGlobal();
            _cachedContext = context;
            return result;
        }
        catch (ScriptRuntimeException ex)
        {
            throw new TemplateRenderException(Classify(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or InvalidCastException)
        {
            throw new TemplateRenderException(new TemplateError(TemplateErrorKind.Runtime, ex.Message, 0, 0));
        }
    }

    private static TemplateContext CreateContext()
    {
        var context = new TemplateContext(SafeBuiltins.Create())
        {
            StrictVariables = true,
            LoopLimit = TemplateLimits.LoopLimit,
            RecursiveLimit = TemplateLimits.RecursiveLimit,
            OutputLimit = TemplateLimits.OutputLimit,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            LimitToString = TemplateLimits.OutputLimit,
            TemplateLoader = null,
            RegexTimeOut = TimeSpan.FromMilliseconds(100),
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        return context;
    }

    private static TemplateError Classify(ScriptRuntimeException ex)
    {
        var message = ex.OriginalMessage ?? ex.Message;
        var line = ex.Span.Start.Line;
        var column = ex.Span.Start.Column;
        string? limit = message.IndexOf("LoopLimit", StringComparison.Ordinal) >= 0 || message.IndexOf("iteration limit", StringComparison.Ordinal) >= 0 ? "loop"
            : message.IndexOf("recursive", StringComparison.OrdinalIgnoreCase) >= 0 ? "recursion"
            : message.IndexOf("OutputLimit", StringComparison.Ordinal) >= 0 || message.IndexOf("LimitToString", StringComparison.Ordinal) >= 0 ? "output"
            : null;
        return limit is null
            ? new TemplateError(TemplateErrorKind.Runtime, message, line, column)
            : new TemplateError(TemplateErrorKind.Limit, message, line, column, limit);
    }
}
