using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Execution;

/// <summary>
/// What a run of a plan would do in its folder right now, decided job by job by the same
/// <see cref="ResumePolicy"/> the executor uses, without sending anything or writing anything. The counts partition
/// the plan: <c>AlreadyDone + ToSubmit + ToPoll + InDoubt + Failed = TotalJobs</c>.
/// </summary>
/// <param name="FolderSpentUsd">Committed in this folder by earlier runs (the budget spans the folder).</param>
/// <param name="SubmitsWithinBudget">Of <paramref name="ToSubmit"/>, how many fit in what is left, in plan order, by estimate
/// (estimates are upper bounds, so at least these run; the executor stops submitting at the first that does not fit).</param>
public sealed record RunForecast(
    long TotalJobs,
    long AlreadyDone,
    long ToSubmit,
    long ToPoll,
    long InDoubt,
    long Failed,
    decimal SubmitEstimateUsd,
    long SubmitsWithinBudget,
    decimal WithinBudgetEstimateUsd,
    decimal FolderSpentUsd,
    decimal? BudgetUsd)
{
    /// <summary>The budget minus the folder's spend (never below 0); null without a budget.</summary>
    public decimal? BudgetLeftUsd => BudgetUsd is { } max ? Math.Max(0m, max - FolderSpentUsd) : null;

    public bool StoppedByBudget => SubmitsWithinBudget < ToSubmit;

    /// <summary>
    /// Reads the folder's journal (if there is one; a folder without it means every job is new) and classifies every job
    /// with the run's own <paramref name="resubmitInDoubt"/> and <paramref name="retry"/>, so that a dry run of
    /// <c>--retry-failed</c> counts what that run would resend.
    /// The journal is only read: a dry run leaves no trace, and may look at a folder a run is using.
    /// </summary>
    internal static async Task<RunForecast> ComputeAsync(Plan plan, string runDirectory, decimal? budgetUsd, bool resubmitInDoubt,
        RetryFailed retry = RetryFailed.None, CancellationToken cancellationToken = default)
    {
        long done = 0, submit = 0, poll = 0, inDoubt = 0, failed = 0, fitting = 0;
        decimal submitUsd = 0m, fittingUsd = 0m;
        var folder = new RunFolder(runDirectory);
        await using var journal = RunJournal.OpenExisting(folder.Root);
        var spent = journal?.CommittedSpendUsd() ?? 0m;
        var left = budgetUsd is { } max ? max - spent : decimal.MaxValue;
        var budgetReached = false;
        foreach (var job in plan.Jobs)
        {
            var prior = journal?.Find(job.Id);
            var intact = prior?.State == JobState.Downloaded && await DownloadedImage.IsIntactAsync(folder, prior, cancellationToken).ConfigureAwait(false);
            switch (ResumePolicy.Decide(prior, resubmitInDoubt, intact, retry))
            {
                case ResumeAction.Skip:
                    done++;
                    break;
                case ResumeAction.Poll:
                    poll++;
                    break;
                case ResumeAction.InDoubt:
                    inDoubt++;
                    break;
                case ResumeAction.Failed:
                    failed++;
                    break;
                default:
                    submit++;
                    submitUsd += job.EstimatedUsd;
                    // Like the ledger: the first job that could pass the budget stops every later submit.
                    budgetReached |= fittingUsd + job.EstimatedUsd > left;
                    if (!budgetReached)
                    {
                        fitting++;
                        fittingUsd += job.EstimatedUsd;
                    }
                    break;
            }
        }
        return new RunForecast(plan.Count, done, submit, poll, inDoubt, failed, submitUsd, fitting, fittingUsd, spent, budgetUsd);
    }
}

/// <summary>Whether a downloaded job's image is still there, unchanged (sha256 as journaled): then a run skips it.</summary>
internal static class DownloadedImage
{
    public static async Task<bool> IsIntactAsync(RunFolder folder, JournalRecord prior, CancellationToken cancellationToken)
    {
        if (prior.Sha256 is null)
            return false;
        try
        {
            var path = folder.Resolve(prior.OutputFile);
            return await AtomicFile.Sha256OfFileAsync(path, cancellationToken).ConfigureAwait(false) == prior.Sha256;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnsafeOutputPathException)
        {
            return false;
        }
    }
}
