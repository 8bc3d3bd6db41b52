using FluxBatch.Api;
using FluxBatch.Planning;

namespace FluxBatch.Runtime.Tests.Support;

/// <summary>Small synthetic plans, generated lazily like the planner's.</summary>
public static class TestPlans
{
    public static IEnumerable<PlannedJob> Jobs(int count, decimal estimateUsd = 0.06m, string prefix = "job")
    {
        for (var i = 0; i < count; i++)
            yield return Job(i, estimateUsd, prefix);
    }

    public static PlannedJob Job(long index, decimal estimateUsd = 0.06m, string prefix = "job") => new(
        index,
        $"{prefix}-{index:D6}",
        "flux-2-flex",
        new FluxRequest { Prompt = $"{prefix} prompt {index}", Seed = 1000 + index, Width = 64, Height = 64, Steps = 4, Guidance = 3.5m, OutputFormat = "png" },
        [KeyValuePair.Create<string, object>("steps", 4), KeyValuePair.Create<string, object>("guidance", 3.5m)],
        estimateUsd,
        $"{prefix}/img-{index:D6}.png",
        []);
}
