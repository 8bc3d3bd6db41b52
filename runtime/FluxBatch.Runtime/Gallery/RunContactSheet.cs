using System.Globalization;
using System.Text.Json;
using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Gallery;

/// <summary>
/// The contact sheet of a run folder: every job of the plan (so jobs that never ran still get a cell), each with
/// its state from the run's journal, and the run's summary from <c>run.json</c>. Call it after a run, or any time
/// on a run folder (<c>fluxbatch gallery</c>).
/// </summary>
internal static class RunContactSheet
{
    /// <summary>Journal meta key holding the manifest's full path, so the sheet can be rebuilt from the folder alone.</summary>
    public const string ManifestPathMeta = "manifest_path";

    /// <summary>Journal meta key holding the key the page stores its picks under (localStorage), made once per folder.</summary>
    public const string SheetKeyMeta = "sheet_key";

    /// <summary>Builds the sheet of <paramref name="plan"/> in <paramref name="runDirectory"/> and writes <c>index.html</c> there.</summary>
    /// <returns>The page's full path.</returns>
    public static Task<string> WriteAsync(string runDirectory, Plan plan, ContactSheetOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(new RunJobs(runDirectory), plan, options ?? new ContactSheetOptions(), refresh: null, cancellationToken);

    /// <param name="refresh">Non-null while the run is going: the page says so and reloads itself at this interval.</param>
    internal static async Task<string> WriteAsync(RunJobs jobs, Plan plan, ContactSheetOptions options, TimeSpan? refresh, CancellationToken cancellationToken)
    {
        var sheet = await BuildAsync(jobs, plan, options, refresh, cancellationToken).ConfigureAwait(false);
        return await ContactSheetWriter.WriteAsync(jobs.Root, sheet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sheet of a run folder without writing it (the compare page reads two).</summary>
    internal static async Task<ContactSheet> BuildAsync(RunJobs jobs, Plan plan, ContactSheetOptions options, TimeSpan? refresh, CancellationToken cancellationToken)
    {
        // While the run is going, an earlier run's run.json would tell the wrong story: the page says it is live instead.
        var summary = refresh is null ? await ReadSummaryAsync(new RunFolder(jobs.Root), cancellationToken).ConfigureAwait(false) : null;
        var notes = refresh is { } every
            ? [$"Live: this run is in progress; the page reloads every {every.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s until it ends."]
            : Notes(summary);
        await using var journal = RunJournal.Open(jobs.Root);
        var manifestPath = Path.GetFullPath(plan.Manifest.SourcePath);
        if (journal.GetMeta(ManifestPathMeta) != manifestPath)
            journal.SetMeta(ManifestPathMeta, manifestPath);
        var key = journal.GetMeta(SheetKeyMeta);
        if (key is null)
        {
            key = Guid.NewGuid().ToString("N");
            journal.SetMeta(SheetKeyMeta, key);
        }
        var shown = jobs.Read(plan, journal, refresh is null ? NotRunReason(summary) : "not run yet").Take(options.MaxJobs);
        return ContactSheet.Build(plan.Manifest.Name, shown, plan.Count, notes, options) with { RunKey = key, Refresh = refresh };
    }

    /// <summary>The manifest a sheet was last written for in this folder, or null.</summary>
    public static async Task<string?> RecordedManifestAsync(string runDirectory)
    {
        if (!File.Exists(Path.Combine(runDirectory, RunJournal.FileName)))
            return null;
        await using var journal = RunJournal.Open(runDirectory);
        return journal.GetMeta(ManifestPathMeta);
    }

    internal static string NotRunReason(RunReport? summary) => summary?.Outcome switch
    {
        RunOutcome.BudgetReached => "budget reached",
        RunOutcome.Interrupted => "the run was interrupted",
        RunOutcome.Stopped => "the run stopped: " + summary.StopReason,
        _ => "not run yet",
    };

    private static IReadOnlyList<string> Notes(RunReport? summary)
    {
        if (summary is null)
            return ["No run.json in this folder: states come from the journal alone."];
        var spend = summary.BudgetUsd is { } budget
            ? $"spent {UsdText.Format(summary.SpentUsd)} of {UsdText.Format(budget)} budget"
            : $"spent {UsdText.Format(summary.SpentUsd)}";
        var notes = new List<string> { $"Last run: {summary.Outcome} via {summary.Provider}, {spend}, {summary.ElapsedSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s." };
        if (summary.StopReason is { } reason)
            notes.Add("Stopped: " + reason);
        return notes;
    }


    internal static async Task<RunReport?> ReadSummaryAsync(RunFolder folder, CancellationToken cancellationToken)
    {
        if (!File.Exists(folder.SummaryPath))
            return null;
        await using var stream = File.OpenRead(folder.SummaryPath);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, OutputJsonContext.Default.RunReport, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null; // a damaged summary must not stop the sheet: the journal still has every state
        }
    }
}
