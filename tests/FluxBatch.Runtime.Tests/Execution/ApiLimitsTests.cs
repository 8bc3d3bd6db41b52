using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Rules;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>Each API limit and default is one named constant (ApiLimits) that every project reads, not a literal per place.</summary>
public sealed class ApiLimitsTests
{
    [Fact]
    public void The_default_concurrency_is_the_same_for_a_manifest_without_one_and_for_executor_options()
    {
        var manifest = ManifestReader.Read("m.flux.yaml", "name: m\nmodel: flux-2-flex\nprompt: hi\n").Manifest!;

        Assert.Equal(ApiLimits.DefaultConcurrency, manifest.Concurrency);
        Assert.Equal(ApiLimits.DefaultConcurrency, new ExecutorOptions().Concurrency);
    }

    [Fact]
    public void The_reference_limits_and_the_account_limit_come_from_one_place()
    {
        Assert.Equal(ApiLimits.MaxReferences, ModelCatalog.MaxReferences("flux-2-flex"));
        Assert.Equal(ApiLimits.KleinMaxReferences, ModelCatalog.MaxReferences("flux-2-klein-4b"));
        Assert.Equal(ApiLimits.ActiveTasksPerAccount, EmulatorOptions.ApiActiveTaskLimit);
        Assert.Equal(ApiLimits.ActiveTasksPerAccount, new EmulatorOptions().MaxActiveTasksPerKey);
    }
}
