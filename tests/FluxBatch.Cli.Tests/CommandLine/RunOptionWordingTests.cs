using FluxBatch.Cli.Commands;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary>The runtime names a refused option by its property; the CLI alone words it as the flag the user typed.</summary>
public sealed class RunOptionWordingTests
{
    [Theory]
    [InlineData("Concurrency", "must be at least 1 (got 0)", "--concurrency must be at least 1 (got 0)")]
    [InlineData("BudgetUsd", "cannot be negative (got -1)", "--budget cannot be negative (got -1)")]
    [InlineData("Coordinator", "unknown scheme", "--coordinator: unknown scheme")]
    [InlineData("FLUXBATCH_COORDINATOR", "unknown scheme", "FLUXBATCH_COORDINATOR: unknown scheme")]
    [InlineData("Provider.Region+Name", "is BFL's (global, eu, us); provider comet has no regions", "--region is BFL's (global, eu, us); provider comet has no regions")]
    [InlineData("Provider.Region+BaseUrl", "both name the host: give one of them", "--region and --base-url both name the host: give one of them")]
    [InlineData("Provider.Region", "unknown region 'mars': expected global, eu or us", "unknown region 'mars': expected global, eu or us")]
    public void An_option_error_reads_as_its_flag(string option, string problem, string expected) =>
        Assert.Equal(expected, CommandLineErrors.Word(new RunOptionError(option, problem)));
}
