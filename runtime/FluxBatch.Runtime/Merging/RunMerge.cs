using System.Text;
using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Gallery;
using FluxBatch.Manifest.Rules;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Merging;

/// <summary>What <c>fluxbatch merge</c> did (<see cref="RunReports.MergeAsync"/>), or why it refused.</summary>
/// <param name="Copied">Jobs whose image and sidecar were copied into the merged folder.</param>
/// <param name="Duplicates">Copies of an already merged job (same sha256) found in a later folder: skipped.</param>
/// <param name="Conflicts">The same job with a different image in a later folder: the first was kept; one line each.</param>
/// <param name="WithoutImage">Jobs of the plan with no intact image in any folder (failed, in doubt, not run).</param>
/// <param name="ContactSheet">The merged folder's contact sheet (full path).</param>
/// <param name="Export">The merged folder's export, CSV (full path).</param>
public sealed record MergeReport(
    long TotalJobs, long Copied, long AlreadyThere, long Duplicates, IReadOnlyList<string> Conflicts, long WithoutImage,
    decimal SpentUsd, string ContactSheet, string Export)
{
    /// <summary>Why the merge was refused before anything was written (different plans, not run folders, a folder in use), or null.</summary>
    public string? Refused { get; init; }

    internal static MergeReport Refusal(string why) => new(0, 0, 0, 0, [], 0, 0m, "", "") { Refused = why };
}

/// <summary>Input the merge refuses before writing anything (exit 2).</summary>
internal sealed class MergeRefusedException(string message) : Exception(message);

/// <summary>
/// <c>fluxbatch merge RUNDIR... --out DIR</c>: the run folders of one plan's shards (or of the same plan run in several
/// places) as one folder: every job's image and sidecar once, one journal, one contact sheet, one export. The folders
/// must record the same plan hash (<see cref="Plan.Hash"/>); anything else is refused before a file is written.
/// Jobs are taken in plan order; for each, the first folder (in the order given) holding an intact image (its
/// journal's sha256 matches the file) wins. The same job in a later folder with the same sha256 is skipped as a
/// duplicate; with a different one (it was paid twice and the provider drew it anew), the first is kept and a
/// warning names both: images are never silently replaced. A job without an image anywhere keeps the first row
/// found (failed, in doubt, submitted: a run in the merged folder would poll a submitted one).
/// </summary>
internal static class RunMerge
{
    public const string ExportFile = "export.csv";

    public static async Task<MergeReport> MergeAsync(IReadOnlyList<string> inputs, string outDirectory, CancellationToken cancellationToken = default)
    {
        if (inputs.Count == 0)
            throw new MergeRefusedException("give at least one run folder to merge");
        var output = Path.GetFullPath(outDirectory);
        var sources = new List<Source>();
        try
        {
            foreach (var input in inputs)
                sources.Add(await OpenAsync(input, output, sources).ConfigureAwait(false));
            var hash = CheckSamePlan(sources);
            var plan = PlanOf(sources[0], hash);
            return await WriteAsync(sources, plan, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var source in sources)
                await source.Journal.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Source(string Folder, RunJournal Journal, PlanSource Plan, string? Provider);

    private static async Task<Source> OpenAsync(string input, string output, List<Source> opened)
    {
        var folder = Path.GetFullPath(input);
        if (!Directory.Exists(folder))
            throw new MergeRefusedException($"{input}: no such run folder");
        if (SameFolder(folder, output))
            throw new MergeRefusedException($"{input}: the merged folder (--out) cannot be one of the folders merged");
        if (opened.Any(o => SameFolder(o.Folder, folder)))
            throw new MergeRefusedException($"{input}: given twice");
        var journal = RunJournal.OpenExisting(folder) ?? throw new MergeRefusedException($"{input}: no journal.db: not a fluxbatch run folder");
        var source = PlanSource.FromJournal(journal);
        if (source?.PlanHash is null)
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw new MergeRefusedException($"{input}: records no plan hash (its last run predates shards): run `fluxbatch run` on it again with this version (nothing done is resubmitted), then merge");
        }
        return new Source(folder, journal, source, journal.GetMeta(RunMeta.ProviderKey));
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(new RunFolder(a).Root), Path.TrimEndingDirectorySeparator(new RunFolder(b).Root), StringComparison.Ordinal);

    private static string CheckSamePlan(List<Source> sources)
    {
        var hashes = sources.Select(s => s.Plan.PlanHash!).Distinct(StringComparer.Ordinal).ToList();
        if (hashes.Count == 1)
            return hashes[0];
        var lines = sources.Select(s => $"  {s.Folder}: plan {s.Plan.PlanHash![..12]} ({Path.GetFileName(s.Plan.ManifestPath)}{(s.Plan.Shard is { } k ? ", shard " + k : "")})");
        throw new MergeRefusedException($"the folders hold different plans (by plan hash), so they cannot be merged:\n{string.Join('\n', lines)}");
    }

    /// <summary>The whole plan, from the manifest text the first folder recorded; it must still plan to the same hash.</summary>
    private static Plan PlanOf(Source first, string hash)
    {
        var read = first.Plan.Read();
        if (read.Manifest is not { } manifest)
            throw new MergeRefusedException($"{first.Folder}: its recorded manifest no longer reads: {string.Join("; ", read.Diagnostics)}");
        var (priced, _) = ProviderPrices.ForProvider(manifest, first.Provider == "comet" ? "comet" : "bfl");
        Plan plan;
        try
        {
            plan = Planner.Create((priced ?? manifest) with { Budget = null });
        }
        catch (PlanningException e)
        {
            throw new MergeRefusedException($"{first.Folder}: its recorded manifest no longer plans: {e.Message}");
        }
        if (plan.InputErrors.FirstOrDefault() is { } error)
            throw new MergeRefusedException($"{first.Folder}: its recorded manifest no longer plans: {error}");
        if (plan.Hash != hash)
            throw new MergeRefusedException($"{first.Folder}: its recorded manifest now plans other jobs (plan {plan.Hash[..12]}, recorded {hash[..12]}: a reference image changed?)");
        return plan;
    }

    private static async Task<MergeReport> WriteAsync(List<Source> sources, Plan plan, string output, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output);
        var folder = new RunFolder(output);
        using (RunLock.Acquire(folder.Root))
        {
            long copied = 0, already = 0, duplicates = 0, without = 0;
            var conflicts = new List<string>();
            await using (var journal = RunJournal.Open(folder.Root))
            {
                CheckOutput(journal, plan, output);
                var first = sources[0].Plan;
                journal.SetMeta([
                    .. (first with { Shard = null, PlanHash = plan.Hash }).ToMeta(),
                    .. new RunMeta(plan.Manifest.Name, plan.Count, sources[0].Provider ?? RunMeta.Unknown).Entries(),
                    KeyValuePair.Create(RunMeta.MergedFromKey, string.Join('\n', sources.Select(s => s.Folder))),
                ]);
                foreach (var job in plan.Jobs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var outcome = await MergeJobAsync(job, sources, folder, journal, conflicts, cancellationToken).ConfigureAwait(false);
                    switch (outcome.Kind)
                    {
                        case JobMerge.Copied: copied++; break;
                        case JobMerge.AlreadyThere: already++; break;
                        case JobMerge.NoImage: without++; break;
                    }
                    duplicates += outcome.Duplicates;
                }
                await journal.FlushAsync().ConfigureAwait(false);
                var spent = journal.CommittedSpendUsd();
                WriteSummary(folder, plan, sources, journal, spent, without);
                await journal.FlushAsync().ConfigureAwait(false);
                var page = await RunContactSheet.WriteAsync(folder.Root, plan, cancellationToken: cancellationToken).ConfigureAwait(false);
                var export = Path.Combine(folder.Root, ExportFile);
                await using (var writer = new StreamWriter(export, append: false, new UTF8Encoding(false)))
                    await RunExport.WriteAsync(folder.Root, plan, ExportFormat.Csv, writer, cancellationToken).ConfigureAwait(false);
                return new MergeReport(plan.Count, copied, already, duplicates, conflicts, without, spent, page, export);
            }
        }
    }

    /// <summary>The merged folder may be new, or an earlier merge of the same plan (merging again adds what is new).</summary>
    private static void CheckOutput(RunJournal journal, Plan plan, string output)
    {
        if (journal.CountByState().Values.Sum() == 0)
            return;
        var recorded = PlanSource.FromJournal(journal)?.PlanHash;
        if (recorded != plan.Hash)
            throw new MergeRefusedException($"{output}: already holds a run of {(recorded is null ? "another plan" : "plan " + recorded[..12])}, not plan {plan.Hash[..12]}: merge into a new folder");
    }

    private enum JobMerge { Copied, AlreadyThere, NoImage }

    private sealed record JobOutcome(JobMerge Kind, int Duplicates);

    private static async Task<JobOutcome> MergeJobAsync(PlannedJob job, List<Source> sources, RunFolder output, RunJournal journal, List<string> conflicts, CancellationToken cancellationToken)
    {
        var existing = journal.Find(job.Id);
        var kept = existing is { State: JobState.Downloaded } && await DownloadedImage.IsIntactAsync(output, existing, cancellationToken).ConfigureAwait(false)
            ? existing : null;
        string? keptFrom = kept is null ? null : output.Root;
        JournalRecord? firstOther = null;
        var duplicates = 0;
        var copiedNow = false;
        foreach (var source in sources)
        {
            if (source.Journal.Find(job.Id) is not { } row)
                continue;
            var sourceFolder = new RunFolder(source.Folder);
            if (row.State != JobState.Downloaded || !await DownloadedImage.IsIntactAsync(sourceFolder, row, cancellationToken).ConfigureAwait(false))
            {
                firstOther ??= row.State == JobState.Downloaded ? null : row;
                continue;
            }
            if (kept is null)
            {
                Copy(sourceFolder, output, row);
                journal.Write(row);
                (kept, keptFrom, copiedNow) = (row, source.Folder, true);
            }
            else if (row.Sha256 == kept.Sha256)
                duplicates++;
            else
                conflicts.Add($"job {job.Id} (#{job.Index} {job.OutputFile}): {source.Folder} holds a different image (sha256 {row.Sha256![..12]}) than the one kept from {keptFrom} ({kept.Sha256![..12]}); kept the first");
        }
        if (kept is not null)
            return new JobOutcome(copiedNow ? JobMerge.Copied : JobMerge.AlreadyThere, duplicates);
        if (firstOther is not null && existing is null)
            journal.Write(firstOther);
        return new JobOutcome(JobMerge.NoImage, duplicates);
    }

    /// <summary>Image, then sidecar, each atomically (temp file and rename), so a merge killed half way leaves whole files.</summary>
    private static void Copy(RunFolder from, RunFolder to, JournalRecord row)
    {
        var source = from.Resolve(row.OutputFile);
        var target = to.Resolve(row.OutputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, File.ReadAllBytes(source));
        var sidecar = JobOutputWriter.SidecarPath(source);
        if (File.Exists(sidecar))
            AtomicFile.Write(JobOutputWriter.SidecarPath(target), File.ReadAllBytes(sidecar));
    }

    private static void WriteSummary(RunFolder folder, Plan plan, List<Source> sources, RunJournal journal, decimal spent, long without)
    {
        var counts = journal.CountByState();
        long Count(JobState s) => counts.GetValueOrDefault(s);
        var now = DateTimeOffset.UtcNow;
        var summary = new RunReport
        {
            Manifest = plan.Manifest.Name,
            Provider = sources[0].Provider ?? "?",
            Outcome = without == 0 ? RunOutcome.Completed : RunOutcome.CompletedWithFailures,
            StopReason = null,
            StartedAt = now,
            FinishedAt = now,
            ElapsedSeconds = 0,
            TotalJobs = plan.Count,
            Downloaded = 0,
            AlreadyDone = Count(JobState.Downloaded),
            Failed = Count(JobState.Failed),
            InDoubt = Count(JobState.InDoubt) + Count(JobState.Submitting),
            Unfinished = Count(JobState.Submitted) + Count(JobState.Ready),
            NotRun = Math.Max(0, plan.Count - counts.Values.Sum()),
            Submissions = 0,
            SpentUsd = spent,
            BudgetUsd = null,
            Failures = [],
            InDoubtJobs = [],
        };
        AtomicFile.Write(folder.SummaryPath, JsonSerializer.SerializeToUtf8Bytes(summary, OutputJsonContext.Readable.RunReport));
    }
}
