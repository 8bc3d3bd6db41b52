using System.Globalization;
using FluxBatch.Cli.Rendering;
using FluxBatch.Execution;

namespace FluxBatch.Cli.Tests.Rendering;

/// <summary>
/// Money in what the CLI and the engine show (the folder's budget line, a lost job's reason, the status outlook) goes
/// through the one invariant formatter: a German machine prints <c>$4.40</c>, never <c>$4,40</c>.
/// </summary>
public sealed class MoneyCultureTests
{
    [Fact]
    public void Money_shown_under_a_german_culture_keeps_the_point()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("budget $10.00 for the run folder (all its runs): $4.40 spent, $5.60 left", FolderBudget.Line(4.4m, 10m));
            Assert.Contains("it was paid ($4.40)", ResumePolicy.LostReason("task-1", 4.4m), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
