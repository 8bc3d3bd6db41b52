using System.Text.Json;
using FluxBatch.Cli.Tests.Support;
using FluxBatch.Outputs;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>
/// A manifest's <c>prices:</c> set far too low: the embedded emulator charges its real table, several times the
/// estimate. The budget still holds: reservations are calibrated from the costs the server reports.
/// </summary>
public class BudgetCalibrationCliTests
{
    [Fact]
    public async Task Prices_set_too_low_do_not_let_the_run_pass_its_budget()
    {
        using var folder = new TempFolder();
        folder.Write("m.flux.yaml", """
            name: cheap
            model: flux-2-pro
            prompt: "A {{ color }} kite, take {{ take }}"
            defaults: { width: 512, height: 512 }
            sweep:
              grid:
                color: [red, blue, green, white]
                take: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
            concurrency: 8
            prices:
              flux-2-pro: { first_mp: 0.002, extra_mp: 0.002, input_mp: 0.002 }
            output:
              dir: out
            """);

        var run = await Fluxbatch.RunAsync(folder.Path, "run", "m.flux.yaml", "--budget", "0.33", "--poll-interval", "0.01");

        Assert.True(run.ExitCode == 3, run.Stdout + run.Stderr); // stopped by the budget
        var summary = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder.Path, "out", "run.json")), OutputJsonContext.Default.RunReport)!;
        Assert.True(summary.SpentUsd <= 0.33m, $"spent {summary.SpentUsd}");
        Assert.True(summary.Downloaded > 1, "the run should still use the budget it has");
    }
}
