using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Execution;

/// <summary>
/// What <c>fluxbatch status</c> says about a folder's failed jobs: how many each retry flag would submit again, and
/// which were paid for but lost (the API forgot the task before its image was fetched; no flag resends those).
/// </summary>
/// <param name="RetryFailed">Failed without a charge: <c>run --retry-failed</c> submits them again.</param>
/// <param name="RetryModerated">Moderated (refunded): <c>run --retry-moderated</c> submits them again.</param>
/// <param name="Paid">Failed after a charge (lost ones included): never resubmitted.</param>
/// <param name="LostButPaid">Paid for, image lost, at most the listed number.</param>
internal sealed record FailedJobsOutlook(long RetryFailed, long RetryModerated, long Paid, long LostCount, decimal LostPaidUsd, IReadOnlyList<JournalRecord> LostButPaid)
{
    /// <summary>Reads every failed row once (streamed), keeping at most <paramref name="listed"/> lost ones.</summary>
    public static FailedJobsOutlook Of(RunJournal journal, int listed)
    {
        long uncharged = 0, moderated = 0, paid = 0, lostCount = 0;
        decimal lostUsd = 0;
        var lost = new List<JournalRecord>();
        foreach (var row in journal.InStates([JobState.Failed]))
        {
            switch (ResumePolicy.Classify(row))
            {
                case FailureClass.Uncharged: uncharged++; break;
                case FailureClass.Moderated: moderated++; break;
                default: paid++; break;
            }
            if (!ResumePolicy.IsLostButPaid(row))
                continue;
            lostCount++;
            lostUsd += row.CostUsd ?? row.EstimatedUsd;
            if (lost.Count < listed)
                lost.Add(row);
        }
        return new FailedJobsOutlook(uncharged, moderated, paid, lostCount, lostUsd, lost);
    }

    /// <summary>The lines status prints (none when nothing failed).</summary>
    public IEnumerable<string> Lines()
    {
        if (RetryFailed + RetryModerated + Paid == 0)
            yield break;
        yield return $"--retry-failed would resubmit {Count(RetryFailed)} (failed without being charged)";
        yield return $"--retry-moderated would resubmit {Count(RetryModerated)} (moderated, not charged)";
        if (Paid > 0)
            yield return $"{Count(Paid)} failed after being charged: no flag resubmits them";
        if (LostCount == 0)
            yield break;
        yield return $"{Count(LostCount)} lost but paid ({UsdText.Format(LostPaidUsd)}): the API no longer has their tasks";
        foreach (var row in LostButPaid)
            yield return $"  #{row.Index} {row.OutputFile} ({row.JobId}) task {row.TaskId}";
    }

    private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
