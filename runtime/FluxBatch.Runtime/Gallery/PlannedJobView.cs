using FluxBatch.Manifest.Model;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>How a planned job's values read on the sheet: its parameters, then its seed and size.</summary>
internal static class PlannedJobView
{
    /// <summary>The axis that tells a combination's seeds apart (1, 2, ...) when a manifest asks for several.</summary>
    public const string SeedNumber = "seed_number";

    /// <param name="seedsPerCombination">Seeds of each combination (<see cref="Plan.SeedsPerCombination"/>): the plan
    /// lists a combination's seeds one after another, so a job's seed number follows from its index.</param>
    public static SheetJob ToSheetJob(PlannedJob job, int seedsPerCombination, SheetJobStatus status, string? reason) =>
        new(job.Index, job.Id, Parameters(job, seedsPerCombination), job.OutputFile, status, reason)
        {
            Seed = job.Request.Seed,
            Prompt = job.Request.Prompt,
            Request = RequestFields(job),
            EstimatedUsd = job.EstimatedUsd,
        };

    /// <summary>
    /// The request as sent, field by field under the API's names: model first, then every field set, then the
    /// reference images by file. The prompt and seed have their own places on the page.
    /// </summary>
    public static IReadOnlyList<SheetParameter> RequestFields(PlannedJob job)
    {
        var request = job.Request;
        var fields = new List<SheetParameter> { new("model", job.Model) };
        foreach (var (name, value) in Planning.Requests.SentFields.Of(request))
            fields.Add(new SheetParameter(name, Text(value)));
        if (job.ReferenceFiles.Count > 0)
            fields.Add(new SheetParameter("references", Text(job.ReferenceFiles)));
        return fields;
    }

    /// <summary>
    /// The job's sweep values and vars, plus <c>size</c> (<c>WxH</c>, unless the sweep names width or height) and,
    /// with several seeds per combination, <see cref="SeedNumber"/>. The seed itself is not among them (each cell shows
    /// it as text): derived seeds may differ for every combination, so as an axis they would scatter the grid.
    /// Constants are kept: they show on hover, and only values that vary become axes.
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

    /// <summary>Invariant text of a value (<see cref="InvariantText"/>).</summary>
    public static string Text(object? value) => InvariantText.Format(value);
}
