using FluxBatch.Planning;

namespace FluxBatch.Execution;

/// <summary>What a status is counted against.</summary>
public enum StatusBasis
{
    /// <summary>The manifest given with <c>--manifest</c>, as it is now.</summary>
    GivenManifest,
    /// <summary>The manifest text (and <c>--set</c>s) the folder's last run recorded.</summary>
    RecordedPlan,
    /// <summary>No plan known (a folder from an older version): the journal's rows plus the jobs it says were never started.</summary>
    JournalOnly,
}

/// <summary>
/// A run folder's state against one plan, read from its journal (safe while a run is going on): the one public
/// reader of a run folder. The counts add up: <c>Counts.Values.Sum() + NotStarted = TotalJobs</c>. Rows the journal
/// holds for jobs outside that plan (an axis was edited since) are <see cref="OtherPlans"/>, not counted.
/// </summary>
/// <param name="Listed">For failed, in-doubt and unfinished jobs, the first few rows (plan order) by state; a failed row carries its <see cref="FailureKind"/>.</param>
public sealed record RunStatus(
    StatusBasis Basis,
    string? ManifestPath,
    long TotalJobs,
    IReadOnlyDictionary<JobState, long> Counts,
    long NotStarted,
    long OtherPlans,
    decimal FolderSpentUsd,
    decimal? BudgetUsd,
    IReadOnlyDictionary<JobState, IReadOnlyList<JournalRecord>> Listed)
{
    /// <summary>The manifest's name and the provider the last run recorded ("?" for a folder no run recorded them in).</summary>
    public string Manifest { get; init; } = RunMeta.Unknown;
    public string Provider { get; init; } = RunMeta.Unknown;
    /// <summary>The team ledger (<c>budget.shared</c>) the last run spent against, if any.</summary>
    public string? SharedBudget { get; init; }
    /// <summary>For a shard's folder: its number and count (1-based); null for a whole plan.</summary>
    public (int Number, int Count)? Shard { get; init; }
    /// <summary>The hash of the plan the last run recorded.</summary>
    public string? PlanHash { get; init; }
    /// <summary>Jobs delivered from the shared cache (downloaded, nothing charged) and the estimate they saved.</summary>
    public long FromCache { get; init; }
    public decimal SavedUsd { get; init; }
    /// <summary>What <c>--retry-failed</c> / <c>--retry-moderated</c> would send again, in words (empty when nothing).</summary>
    public IReadOnlyList<string> RetryLines { get; init; } = [];

    public long Count(JobState state) => Counts.GetValueOrDefault(state);

    /// <summary>The states whose jobs status names one by one.</summary>
    public static readonly IReadOnlyList<JobState> ListedStates = [JobState.Failed, JobState.InDoubt, JobState.Submitting, JobState.Submitted, JobState.Ready];

    /// <summary>A state's name as the journal stores it (and <c>status</c> prints it).</summary>
    public static string Name(JobState state) => state.ToText();

    /// <summary>A failure kind's name as the journal stores it (<c>moderated</c>, <c>rejected</c> ...); null for none.</summary>
    public static string? Name(FailureKind kind) => kind.ToText();

    /// <summary>True when the folder holds a journal (else it is not a run folder).</summary>
    public static bool IsRunFolder(string runDirectory) => File.Exists(Path.Combine(runDirectory, RunJournal.FileName));

    /// <summary>A run holds the folder's lock right now (in this process or another).</summary>
    public static bool IsRunGoingOn(string runDirectory) => RunLock.IsHeld(runDirectory);

    /// <summary>
    /// Reads the folder's state against <paramref name="given"/> (a manifest as it is now), else against the plan the
    /// last run recorded, else the journal's own rows. A shard's folder is counted against its shard of the plan.
    /// </summary>
    public static async Task<RunStatus> ReadAsync(string runDirectory, Plan? given, int listed)
    {
        await using var journal = RunJournal.Open(runDirectory);
        var basis = StatusBasis.GivenManifest;
        var plan = given;
        var path = given?.Manifest.SourcePath;
        var recordedSource = PlanSource.FromJournal(journal);
        if (plan is null && recordedSource is { } source && source.Read().Manifest is { } recorded)
        {
            plan = Planner.Create(recorded with { Budget = null }); // counting, not spending: no refusal
            (basis, path) = (StatusBasis.RecordedPlan, source.ManifestPath);
        }
        // With --manifest too: the same cut of the new plan.
        if (recordedSource?.Shard is { } shard && plan is not null)
            plan = plan.ForShard(shard);
        var (fromCache, saved) = Cache.CacheDelivery.Delivered(journal);
        var meta = RunMeta.Read(journal);
        return Compute(journal, plan, basis, path, listed) with
        {
            Manifest = meta.Manifest,
            Provider = meta.Provider,
            SharedBudget = meta.SharedBudget,
            Shard = recordedSource?.Shard is { } s ? (s.Number, s.Count) : null,
            PlanHash = recordedSource?.PlanHash,
            FromCache = fromCache,
            SavedUsd = saved,
            RetryLines = FailedJobsOutlook.Of(journal, listed).Lines().ToList(), // worded by the runtime
        };
    }

    /// <summary>The team ledger <paramref name="name"/> as the coordinator holds it, or why it cannot be read.</summary>
    public static async Task<((decimal SpentUsd, decimal ReservedUsd, int OpenReservations)? Ledger, string? Error)> ReadSharedBudgetAsync(
        string coordinator, string name, CancellationToken cancellationToken)
    {
        var (ledger, error) = await Coordination.SharedBudgets.ReadAsync(coordinator, name, cancellationToken).ConfigureAwait(false);
        return (ledger is null ? null : (ledger.SpentUsd, ledger.ReservedUsd, ledger.OpenReservations), error);
    }

    /// <summary>Counts <paramref name="plan"/>'s jobs in <paramref name="journal"/>; without a plan, the journal's own rows.</summary>
    internal static RunStatus Compute(RunJournal journal, Plan? plan, StatusBasis basis, string? manifestPath, int listed)
    {
        var meta = RunMeta.Read(journal);
        var spent = journal.CommittedSpendUsd();
        var rows = journal.CountByState();
        var lists = ListedStates.ToDictionary(s => s, _ => new List<JournalRecord>());
        if (plan is null)
        {
            foreach (var state in ListedStates)
                lists[state].AddRange(journal.InStates([state], listed));
            var notStarted = Math.Max(0, meta.TotalJobs - rows.Values.Sum());
            return new RunStatus(StatusBasis.JournalOnly, null, rows.Values.Sum() + notStarted, rows, notStarted, 0, spent, meta.BudgetUsd, Freeze(lists));
        }

        var counts = new Dictionary<JobState, long>();
        long matched = 0, never = 0;
        foreach (var job in plan.Jobs)
        {
            if (journal.Find(job.Id) is not { } row)
            {
                never++;
                continue;
            }
            matched++;
            counts[row.State] = counts.GetValueOrDefault(row.State) + 1;
            if (lists.TryGetValue(row.State, out var list) && list.Count < listed)
                list.Add(row);
        }
        return new RunStatus(basis, manifestPath, matched + never, counts, never, rows.Values.Sum() - matched, spent, meta.BudgetUsd, Freeze(lists));
    }

    private static Dictionary<JobState, IReadOnlyList<JournalRecord>> Freeze(Dictionary<JobState, List<JournalRecord>> lists) =>
        lists.ToDictionary(p => p.Key, p => (IReadOnlyList<JournalRecord>)p.Value);
}
