using FluxBatch.Cli.Tests.Run;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary>
/// Every example that <c>fluxbatch COMMAND --help</c> prints runs as printed, from a folder holding a copy of the
/// repository's <c>examples/</c> (the README's working directory), on the embedded emulator.
/// </summary>
public sealed class HelpExampleTests : IDisposable
{
    private readonly ExamplesCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public async Task Every_help_example_of_every_command_runs_as_printed()
    {
        // `run` first: the status and gallery examples look at the run folder it leaves.
        var examples = HelpText.Commands.OrderBy(c => c.Name == "run" ? 0 : 1)
            .SelectMany(c => c.Examples.Select(e => (c.Name, Args: e)))
            .ToList();
        Assert.NotEmpty(examples);
        Assert.All(HelpText.Commands, c => Assert.True(c.Examples.Count > 0, $"{c.Name} --help shows no example"));

        foreach (var (command, args) in examples)
        {
            var printed = "fluxbatch " + string.Join(' ', args);
            if (command == "emulator")
            {
                await RunsUntilCtrlC(args, printed);
                continue;
            }

            var result = await CliProcess.RunAsync(_copy.Root, null, args);
            // A budget in an example may stop the run by design (exit 3, said so); anything else is a broken example.
            var stoppedByBudget = result.ExitCode == 3 && result.StdOut.Contains("stopped by budget", StringComparison.Ordinal);
            Assert.True(result.ExitCode == 0 || stoppedByBudget, $"{printed} exited {result.ExitCode}:\n{result.Output}");
        }
    }

    private async Task RunsUntilCtrlC(string[] args, string printed)
    {
        using var emulator = CliProcess.Start(_copy.Root, null, args);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!emulator.StdOutSoFar.Contains("listening on", StringComparison.Ordinal))
        {
            Assert.False(emulator.HasExited, $"{printed} exited early:\n{emulator.OutputSoFar}");
            Assert.True(DateTime.UtcNow < deadline, $"{printed} did not start:\n{emulator.OutputSoFar}");
            await Task.Delay(20);
        }
        emulator.Interrupt();
        var result = await emulator.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"{printed} exited {result.ExitCode}:\n{result.Output}");
    }
}
