using FluxBatch.Execution;

namespace FluxBatch.Cli.Commands;

/// <summary>The exit codes every command shares (README documents them).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;
    public const int StoppedByBudget = 3;
    public const int Interrupted = 130;

    /// <summary>How a finished run maps to an exit code.</summary>
    public static int For(RunReport report) => report.Outcome switch
    {
        RunOutcome.Completed => Ok,
        RunOutcome.BudgetReached => StoppedByBudget,
        RunOutcome.Interrupted => Interrupted,
        _ => Failed,
    };
}
