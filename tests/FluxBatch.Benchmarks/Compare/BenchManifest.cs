namespace FluxBatch.Benchmarks.Compare;

/// <summary>
/// The comparison's manifest: 64×64 PNG jobs, as many as asked through <c>--set</c> (a prompt axis <c>k</c> times
/// seeds, since a manifest allows at most 10,000 seeds), with a budget large enough never to stop the run.
/// </summary>
internal static class BenchManifest
{
    private const int MaxSeeds = 10_000;

    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "compare.flux.yaml");
        File.WriteAllText(path, """
            name: compare
            model: flux-2-flex
            prompt: "comparison job {{ k }}"
            defaults:
              width: 64
              height: 64
              steps: 4
              guidance: 3.5
              output_format: png
              prompt_upsampling: false
            sweep:
              grid:
                k: [0]
            seeds: { base: 1, count: 1 }
            budget: { max_usd: 100000 }
            concurrency: 24
            output:
              dir: runs/compare
              file: "k{{ k }}/{{ seed }}.png"
            """);
        return path;
    }

    /// <summary>N as combinations × seeds (N up to 10,000 is one combination; above, a multiple of 10,000).</summary>
    public static (int Combinations, int Seeds) Split(int jobs)
    {
        if (jobs <= MaxSeeds)
            return (1, jobs);
        if (jobs % MaxSeeds != 0)
            throw new ArgumentException($"above {MaxSeeds} jobs, N must be a multiple of {MaxSeeds}");
        return (jobs / MaxSeeds, MaxSeeds);
    }
}
