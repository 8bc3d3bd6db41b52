using System.Collections;
using System.Globalization;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>How a planned job's values read on the sheet: its parameters, then its seed and size.</summary>
public static class PlannedJobView
{
    /// <summary>The axis that tells a combination's seeds apart (1, 2, ...) when a manifest asks for several.</summary>
    public const string SeedNumber = "seed_number";

    /// <param name="seedsPerCombination">Seeds of each combination (<see cref="Plan.SeedsPerCombination"/>): the plan
    /// lists a combination's seeds one after another, so a job's seed number follows from its index.</param>
    public static SheetJob ToSheetJob(PlannedJob job, int seedsPerCombination, SheetJobStatus status, string? reason) =>
        new(job.Index, job.Id, Parameters(job, seedsPerCombination), job.OutputFile, status, reason)
        {
            Details = job.Request.Seed is { } seed ? [new SheetParameter("seed", Text(seed))] : [],
        };

    /// <summary>The job with its state from the journal (<paramref name="row"/> null: never reached the journal).</summary>
    public static SheetJob ToSheetJob(PlannedJob job, int seedsPerCombination, Execution.JournalRecord? row, Outputs.RunFolder folder, string notRunReason)
    {
        var (status, reason) = RunContactSheet.StatusOf(row, file => File.Exists(Path.Combine(folder.Root, file)), notRunReason);
        return ToSheetJob(job, seedsPerCombination, status, reason);
    }

    /// <summary>
    /// The job's sweep values and vars, plus <c>size</c> (<c>WxH</c>, unless the sweep names width or height) and,
    /// with several seeds per combination, <see cref="SeedNumber"/>. The seed itself is not among them: derived
    /// seeds differ for every combination, so as an axis they would scatter the grid. Constants are kept: they
    /// show on hover, and only values that vary become axes.
    /// </summary>
    public static IReadOnlyList<SheetParameter> Parameters(PlannedJob job, int seedsPerCombination)
    {
        var parameters = job.Parameters.Select(p => new SheetParameter(p.Key, Text(p.Value))).ToList();
        var names = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (job.Request is { Width: { } width, Height: { } height } && !names.Contains("width") && !names.Contains("height") && names.Add("size"))
            parameters.Add(new SheetParameter("size", Text(width) + "x" + Text(height)));
        if (seedsPerCombination > 1 && names.Add(SeedNumber))
            parameters.Add(new SheetParameter(SeedNumber, Text((job.Index % seedsPerCombination) + 1)));
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
