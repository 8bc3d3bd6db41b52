using System;
using System.Collections;
using System.Globalization;
using System.Linq;

namespace FluxBatch.Manifest.Model;

/// <summary>
/// Culture-free text of a plain value as FluxBatch shows it (the plan table and JSON, plan snapshots, the contact
/// sheet): numbers as the manifest writes them (<c>2.5</c>, never <c>2,5</c>), booleans lower case, lists as
/// <c>[a, b]</c>, maps as <c>{k: v}</c>. One formatter, so the CLI, the snapshot and the sheet show a value alike.
/// Public because those live in other assemblies. (Money has its own: <see cref="Pricing.UsdText"/>.)
/// </summary>
public static class InvariantText
{
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object?>().Select(k => Format(k) + ": " + Format(map[k!]))) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
