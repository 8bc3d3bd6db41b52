using System;
using System.Collections.Generic;
using System.Globalization;
using Scriban;
using Scriban.Functions;
using Scriban.Runtime;

namespace FluxBatch.Manifest.Templates;

/// <summary>
/// Scriban's builtin objects minus everything that reads files (<c>include</c>), the clock (<c>date.now</c>)
/// or randomness (<c>math.random</c>, <c>math.uuid</c>), or evaluates text as a template (<c>object.eval</c>):
/// a rendered prompt feeds the job id and must be the same on every machine and every run.
/// </summary>
internal static class SafeBuiltins
{
    /// <summary>(object, member) pairs that are removed; a null member means the whole top-level function.</summary>
    public static IReadOnlyDictionary<string, string> Forbidden { get; } = new Dictionary<string, string>
    {
        ["include"] = "templates cannot read files",
        ["include_join"] = "templates cannot read files",
        ["date.now"] = "the clock would make every plan different",
        ["date.utc_now"] = "the clock would make every plan different",
        ["math.random"] = "randomness would make every plan different; use `random:` under `sweep`",
        ["math.uuid"] = "randomness would make every plan different",
        ["object.eval"] = "templates cannot evaluate text as templates",
        ["object.eval_template"] = "templates cannot evaluate text as templates",
    };

    /// <summary>Names of the builtin objects a template may use without defining them.</summary>
    public static HashSet<string> ObjectNames { get; } = new()
    {
        "array", "empty", "blank", "date", "html", "math", "object", "regex", "string", "timespan",
    };

    /// <summary>A fresh instance each call: Scriban's builtin objects are mutable, so ours are never shared with other code.</summary>
    public static ScriptObject Create()
    {
        var builtins = new BuiltinFunctions();
        foreach (var forbidden in Forbidden.Keys)
        {
            var dot = forbidden.IndexOf('.');
            if (dot < 0)
            {
                builtins.Remove(forbidden);
            }
            else if (builtins[forbidden.Substring(0, dot)] is ScriptObject group)
            {
                group.Remove(forbidden.Substring(dot + 1));
            }
        }

        if (builtins["date"] is DateTimeFunctions date)
        {
            // The culture argument is ignored: every template formats with the invariant culture.
            date.Remove("parse");
            date.Remove("to_string");
            date.Import("parse", new Func<TemplateContext, string?, DateTime?>(UtcDates.Parse));
            date.Import("to_string", new Func<DateTime?, string, CultureInfo?, string?>(new UtcDates.Formatter(date).ToString));
        }

        return builtins;
    }

    /// <summary>Builtin objects that hold a forbidden member: usable only as <c>object.member</c>, never passed around or indexed.</summary>
    public static HashSet<string> GuardedObjects { get; } = new() { "date", "math", "object" };
}
