using System.Globalization;

namespace FluxBatch.Execution;

/// <summary>
/// The run-level facts the executor records in the journal's <c>meta</c> table and <c>status</c> reads back. The
/// keys are part of the file format and live only here (the recorded plan's keys live in <see cref="PlanSource"/>).
/// </summary>
internal sealed record RunMeta(string Manifest, long TotalJobs, string Provider, decimal? BudgetUsd = null, string? SharedBudget = null)
{
    internal const string ManifestKey = "manifest";
    internal const string TotalJobsKey = "total_jobs";
    internal const string ProviderKey = "provider";
    internal const string BudgetUsdKey = "budget_usd";
    internal const string SharedBudgetKey = "shared_budget";
    /// <summary>Written by <c>fluxbatch merge</c>: the folders merged into this one, one per line.</summary>
    internal const string MergedFromKey = "merged_from";

    /// <summary>What is not recorded (a folder from an older version, or one a run has not started in) reads as this.</summary>
    internal const string Unknown = "?";

    public IEnumerable<KeyValuePair<string, string>> Entries()
    {
        yield return KeyValuePair.Create(ManifestKey, Manifest);
        yield return KeyValuePair.Create(TotalJobsKey, TotalJobs.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(ProviderKey, Provider);
        if (BudgetUsd is { } budget)
            yield return KeyValuePair.Create(BudgetUsdKey, budget.ToString(CultureInfo.InvariantCulture));
        if (SharedBudget is { } shared)
            yield return KeyValuePair.Create(SharedBudgetKey, shared);
    }

    /// <summary>The facts the folder's last run recorded; <see cref="Unknown"/> and 0 where none were.</summary>
    public static RunMeta Read(RunJournal journal) => new(
        journal.GetMeta(ManifestKey) ?? Unknown,
        long.TryParse(journal.GetMeta(TotalJobsKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total) ? total : 0,
        journal.GetMeta(ProviderKey) ?? Unknown,
        decimal.TryParse(journal.GetMeta(BudgetUsdKey), NumberStyles.Number, CultureInfo.InvariantCulture, out var budget) ? budget : null,
        journal.GetMeta(SharedBudgetKey));
}
