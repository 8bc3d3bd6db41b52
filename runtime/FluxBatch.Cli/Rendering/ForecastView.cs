using System.Globalization;
using FluxBatch.Execution;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// The money of a run folder, said the same way by <c>plan</c>, the run's header and <c>run --dry-run</c>: the budget
/// spans the folder (earlier runs included), so every one of them says what was spent there and what is left.
/// </summary>
internal static class FolderBudget
{
    public static string Line(decimal spentUsd, decimal? budgetUsd) => budgetUsd is { } max
        ? $"budget {UsdText.Format(max)} for the run folder (all its runs): {UsdText.Format(spentUsd)} spent, {UsdText.Format(Math.Max(0m, max - spentUsd))} left"
        : $"budget none; {UsdText.Format(spentUsd)} spent in the run folder so far";
}

/// <summary>The text of <c>run --dry-run</c>: what the run would do, job counts that add up to the plan, and the money.</summary>
internal static class ForecastView
{
    public static void Write(TextWriter output, string manifestName, string runDirectory, RunForecast forecast)
    {
        output.WriteLine($"dry run of {manifestName} in {runDirectory}: nothing is sent, nothing is written");
        void Row(string name, long count, string note = "") =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-15}{count,8:N0}{(note.Length == 0 ? "" : "  " + note)}"));
        Row("already done", forecast.AlreadyDone);
        Row("to submit", forecast.ToSubmit, "estimate " + UsdText.Format(forecast.SubmitEstimateUsd));
        Row("to poll", forecast.ToPoll, forecast.ToPoll == 0 ? "" : "accepted earlier: polled, never paid again");
        Row("in doubt", forecast.InDoubt, forecast.InDoubt == 0 ? "" : "not resent unless --resubmit-in-doubt");
        Row("failed earlier", forecast.Failed, forecast.Failed == 0 ? "" : "not retried");
        Row("total in plan", forecast.TotalJobs);
        output.WriteLine(FolderBudget.Line(forecast.FolderSpentUsd, forecast.BudgetUsd));
        if (forecast.ToSubmit == 0)
            output.WriteLine("nothing to submit");
        else if (!forecast.StoppedByBudget)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {forecast.ToSubmit:N0} submits fit{(forecast.BudgetUsd is null ? "" : " the budget left")}"));
        else
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"only {forecast.SubmitsWithinBudget:N0} of {forecast.ToSubmit:N0} submits fit the budget left (estimate {UsdText.Format(forecast.WithinBudgetEstimateUsd)}): the run would stop on the budget (exit 3); raise budget.max_usd or pass --budget"));
    }
}
