using FluxBatch.Gallery;
using FluxBatch.Manifest;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// A run folder and the plan of its manifest (the one recorded in the folder, or given), for the commands that read
/// a finished run (<c>export</c>, <c>compare</c>). Every problem is input the user can fix: exit 2 with its message.
/// </summary>
internal sealed record RunFolderPlan(Plan? Plan, IReadOnlyList<string> Errors)
{
    public static async Task<RunFolderPlan> OpenAsync(string runDirectory, string? manifest)
    {
        if (!Directory.Exists(runDirectory))
            return new(null, [$"error: {runDirectory}: no such run folder"]);
        var manifestPath = manifest ?? await RunReports.RecordedManifestAsync(runDirectory);
        if (manifestPath is null)
            return new(null, [$"error: {runDirectory} records no manifest (it has no contact sheet yet): run `fluxbatch gallery {runDirectory} --manifest FILE` first"]);
        if (!File.Exists(manifestPath))
            return new(null, [$"error: {manifestPath}: the run's manifest is gone (moved or deleted)"]);
        var read = ManifestReader.ReadFile(manifestPath);
        if (read.Manifest is null)
            return new(null, read.Diagnostics.Select(d => d.ToString()).ToArray());
        try
        {
            var plan = Plan.Create(read.Manifest);
            return plan.IsRefused ? new(null, plan.Diagnostics.Select(d => d.ToString()).ToArray()) : new(plan, []);
        }
        catch (FluxBatchException e) when (e.Diagnostic is not null)
        {
            return new(null, [e.Message]);
        }
    }

    public int Fail(TextWriter errors)
    {
        foreach (var line in Errors)
            errors.WriteLine(line);
        return ExitCodes.InvalidInput;
    }
}
