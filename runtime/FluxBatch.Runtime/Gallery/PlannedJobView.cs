using System.Collections;
using System.Globalization;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>How a planned job's values read on the sheet: its parameters, then its seed and size.</summary>
public static class PlannedJobView
{
    public static SheetJob ToSheetJob(PlannedJob job, SheetJobStatus status, string? reason) =>
        new(job.Index, job.Id, Parameters(job), job.OutputFile, status, reason);

    /// <summary>
    /// The job's sweep values and vars, plus <c>seed</c> (seeds are an axis when a manifest asks for several) and
    /// <c>size</c> (<c>WxH</c>, unless the sweep already names it). Constants are kept: they show in the tooltip,
    /// and only values that vary become axes.
    /// </summary>
    public static IReadOnlyList<SheetParameter> Parameters(PlannedJob job)
    {
        var parameters = job.Parameters.Select(p => new SheetParameter(p.Key, Text(p.Value))).ToList();
        var names = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (job.Request.Seed is { } seed && names.Add("seed"))
            parameters.Add(new SheetParameter("seed", Text(seed)));
        if (job.Request is { Width: { } width, Height: { } height } && !names.Contains("width") && !names.Contains("height") && names.Add("size"))
            parameters.Add(new SheetParameter("size", Text(width) + "x" + Text(height)));
        return parameters;
    }

    /// <summary>Invariant text: numbers as the manifest writes them (2.5, not 2,5), lists as [a, b].</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object?>().Select(k => Text(k) + ": " + Text(map[k!]))) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        _ => value.ToString() ?? "",
    };
}
