using System.Globalization;

namespace FluxBatch.Gallery;

/// <summary>A parameter whose value varies across the run's jobs, with its values in display order.</summary>
internal sealed record SheetAxis(string Name, IReadOnlyList<string> Values)
{
    /// <summary>Shown for a job that has no value for this axis (e.g. an <c>include</c> entry that does not set it).</summary>
    public const string Unset = "(unset)";

    /// <summary>
    /// The axes of a set of jobs: every parameter with more than one distinct value (or missing from some job),
    /// in order of first appearance. Values are sorted numerically when all are numbers (a random sweep's samples
    /// then read in order), else kept in plan order (the manifest's order).
    /// </summary>
    public static IReadOnlyList<SheetAxis> Find(IReadOnlyList<SheetJob> jobs) => Find(jobs.Select(j => j.Parameters).ToArray());

    /// <summary>The axes of any set of parameter lists (the compare page's matched cells).</summary>
    public static IReadOnlyList<SheetAxis> Find(IReadOnlyList<IReadOnlyList<SheetParameter>> jobs)
    {
        var names = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            foreach (var parameter in job)
            {
                if (!values.TryGetValue(parameter.Name, out var list))
                {
                    names.Add(parameter.Name);
                    values[parameter.Name] = list = [];
                    seen[parameter.Name] = new HashSet<string>(StringComparer.Ordinal);
                }
                if (seen[parameter.Name].Add(parameter.Text))
                    list.Add(parameter.Text);
            }
        }

        var axes = new List<SheetAxis>();
        foreach (var name in names)
        {
            var list = values[name];
            if (jobs.Any(job => !job.Any(p => p.Name == name)))
                list.Add(Unset);
            if (list.Count > 1)
                axes.Add(new SheetAxis(name, Ordered(list)));
        }
        return axes;
    }

    /// <summary>
    /// How an axis may be written back into a manifest (the page's "Export picks"): a request field may go under
    /// <c>defaults</c> or an include entry, a sweep variable only in an include entry, the seed number nowhere.
    /// </summary>
    public string ManifestKey => Name switch
    {
        PlannedJobView.SeedNumber => "none",
        Manifest.Rules.RequestFields.Size => "request",
        _ when Manifest.Rules.RequestFields.Find(Name) is not null => "request",
        _ => "var",
    };

    private static IReadOnlyList<string> Ordered(List<string> values)
    {
        var numbers = values.Select(v => (Text: v, Ok: decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n), Number: n)).ToList();
        return numbers.All(n => n.Ok)
            ? numbers.OrderBy(n => n.Number).Select(n => n.Text).ToArray()
            : values.ToArray();
    }
}
