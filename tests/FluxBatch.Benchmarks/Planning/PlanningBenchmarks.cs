using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;
using FluxBatch.Planning;

namespace FluxBatch.Benchmarks.Planning;

/// <summary>
/// Planning the 1,000,000-job grid: 10 products in the prompt × 50 steps × 20 guidance × 100 seeds,
/// consuming every job (render, seed, id, cost, output file). Target ≤ 1.5 s on the 2-core CI machine.
/// Short runs on purpose: the CPU is shared. In-process, because generating and building a separate benchmark
/// project takes longer than BenchmarkDotNet's two-minute build timeout on the loaded CI machine.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class PlanningBenchmarks
{
    private ManifestSpec _manifest = null!;

    [GlobalSetup]
    public void Setup() => _manifest = BenchManifest.Build();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public long PlanOneMillionJobs()
    {
        var plan = Plan.Create(_manifest);
        long checksum = 0;
        foreach (var job in plan.Jobs)
        {
            checksum += job.Id.Length + job.OutputFile.Length;
        }

        return checksum;
    }
}

/// <summary>The benchmark manifest, read as a user's would be.</summary>
public static class BenchManifest
{
    /// <summary>
    /// bench.flux.yaml is copied beside the binaries; BenchmarkDotNet runs from a generated folder below them,
    /// so look upwards for it.
    /// </summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "Planning", "bench.flux.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Planning/bench.flux.yaml not found above " + AppContext.BaseDirectory);
    }

    public static ManifestSpec Build()
    {
        var read = ManifestReader.ReadFile(Path);
        return read.Manifest ?? throw new InvalidOperationException(string.Join("\n", read.Diagnostics));
    }
}

/// <summary>One launch, one warm-up, three measured iterations, in the host process.</summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
