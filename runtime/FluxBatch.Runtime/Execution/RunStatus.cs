using System.Globalization;
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
/// A run folder's state against one plan. The counts add up: <c>Counts.Values.Sum() + NotStarted = TotalJobs</c>. Rows
/// the journal holds for jobs outside that plan (an axis was edited since) are <see cref="OtherPlans"/>, not counted.
/// </summary>
/// <param name="Listed">For failed, in-doubt and unfinished jobs, the first few rows (plan order) by state.</param>
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
    public long Count(JobState state) => Counts.GetValueOrDefault(state);

    /// <summary>Counts <paramref name="plan"/>'s jobs in <paramref name="journal"/>; without a plan, the journal's own rows.</summary>
    public static RunStatus Compute(RunJournal journal, Plan? plan, StatusBasis basis, string? manifestPath, int listed)
    {
        var meta = RunMeta.Read(journal);
        var budget = meta.BudgetUsd;
        var spent = journal.CommittedSpendUsd();
        var rows = journal.CountByState();
        var lists = ListedStates.ToDictionary(s => s, _ => new List<JournalRecord>());
        if (plan is null)
        {
            var recordedTotal = meta.TotalJobs;
            foreach (var state in ListedStates)
                lists[state].AddRange(journal.InStates([state], listed));
            var notStarted = Math.Max(0, recordedTotal - rows.Values.Sum());
            return new RunStatus(StatusBasis.JournalOnly, null, rows.Values.Sum() + notStarted, rows, notStarted, 0, spent, budget, Freeze(lists));
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
        return new RunStatus(basis, manifestPath, matched + never, counts, never, rows.Values.Sum() - matched, spent, budget, Freeze(lists));
    }

    /// <summary>The states whose jobs status names one by one.</summary>
    public static readonly IReadOnlyList<JobState> ListedStates = [JobState.Failed, JobState.InDoubt, JobState.Submitting, JobState.Submitted, JobState.Ready];

    private static Dictionary<JobState, IReadOnlyList<JournalRecord>> Freeze(Dictionary<JobState, List<JournalRecord>> lists) =>
        lists.ToDictionary(p => p.Key, p => (IReadOnlyList<JournalRecord>)p.Value);
}
