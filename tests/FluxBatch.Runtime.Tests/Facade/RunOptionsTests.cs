namespace FluxBatch.Runtime.Tests.Facade;

/// <summary>
/// The door for running refuses what cannot run as values naming the option (never a CLI flag), before anything is
/// read or sent: <see cref="RunOptions.Validate"/> and <see cref="FluxRuns.Prepare"/>.
/// </summary>
public sealed class RunOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fluxbatch-runoptions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_invalid_value_is_reported_with_the_property_it_belongs_to()
    {
        var errors = new RunOptions { Concurrency = 0, BudgetUsd = -1m, PollInterval = TimeSpan.FromSeconds(-1), Shard = "5/4" }.Validate();

        Assert.Equal(["Concurrency", "BudgetUsd", "PollInterval", "Shard"], errors.Select(e => e.Option));
        Assert.All(errors, e => Assert.DoesNotContain("--", e.Problem, StringComparison.Ordinal));
        Assert.Empty(new RunOptions { Concurrency = 1, BudgetUsd = 0m, Shard = "1/4" }.Validate());
    }

    [Fact]
    public void Prepare_refuses_an_invalid_option_before_reading_the_manifest()
    {
        var run = FluxRuns.Prepare(Path.Combine(_dir, "missing.flux.yaml"), new RunOptions { Concurrency = 0 }, environment: _ => null);

        Assert.Null(run.Plan);
        Assert.Empty(run.Diagnostics);
        var error = Assert.Single(run.Errors);
        Assert.Equal((nameof(RunOptions.Concurrency), "must be at least 1 (got 0)"), (error.Option, error.Problem));
    }

    [Theory]
    [InlineData("comet", null, "Region+Name")]
    [InlineData("bfl", "https://api.bfl.ai", "Region+BaseUrl")]
    public void A_provider_option_in_conflict_names_both_options(string provider, string? baseUrl, string option)
    {
        File.WriteAllText(Path.Combine(_dir, "m.flux.yaml"), "name: m\nprompt: a kite\n");
        var environment = (string name) => name is "BFL_API_KEY" or "COMETAPI_KEY" ? "k-0123456789abcdef" : null;

        var run = FluxRuns.Prepare(Path.Combine(_dir, "m.flux.yaml"), new RunOptions(), provider, baseUrl, region: "eu", environment);

        Assert.Null(run.Plan);
        Assert.Equal(RunOptionError.ProviderPrefix + option, Assert.Single(run.Errors).Option);
    }

    [Fact]
    public void A_coordinator_from_the_environment_is_named_by_its_variable()
    {
        File.WriteAllText(Path.Combine(_dir, "m.flux.yaml"), "name: m\nprompt: a kite\n");

        var fromEnvironment = FluxRuns.Prepare(Path.Combine(_dir, "m.flux.yaml"), new RunOptions(), "emulator",
            environment: name => name == "FLUXBATCH_COORDINATOR" ? "bogus://x" : null);
        var given = FluxRuns.Prepare(Path.Combine(_dir, "m.flux.yaml"), new RunOptions { Coordinator = "bogus://x" }, "emulator", environment: _ => null);

        Assert.Equal("FLUXBATCH_COORDINATOR", Assert.Single(fromEnvironment.Errors).Option);
        Assert.Equal(nameof(RunOptions.Coordinator), Assert.Single(given.Errors).Option);
    }
}
