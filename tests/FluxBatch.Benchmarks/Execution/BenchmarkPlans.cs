using FluxBatch.Api;
using FluxBatch.Planning;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>Synthetic plans of 64×64 PNG jobs, generated lazily as the planner streams them (nothing materialized).</summary>
internal static class BenchmarkPlans
{
    public static IEnumerable<PlannedJob> Jobs(long count, string runTag)
    {
        for (long i = 0; i < count; i++)
        {
            yield return new PlannedJob(
                i,
                $"{runTag}-{i:D7}",
                "flux-2-flex",
                new FluxRequest
                {
                    Prompt = $"benchmark {runTag} job {i}", Seed = i, Width = 64, Height = 64, Steps = 4, Guidance = 3.5m,
                    OutputFormat = "png", PromptUpsampling = false,
                },
                [KeyValuePair.Create<string, object>("i", i)],
                0.05m,
                $"{i / 1000:D4}/{i:D7}.png",
                []);
        }
    }
}
