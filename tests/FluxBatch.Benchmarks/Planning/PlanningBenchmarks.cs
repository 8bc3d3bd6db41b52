using BenchmarkDotNet.Attributes;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Planning;

namespace FluxBatch.Benchmarks.Planning;

/// <summary>
/// Planning the 1,000,000-job grid: 10 products in the prompt × 50 steps × 20 guidance × 100 seeds,
/// consuming every job (render, seed, id, cost, output file). Target ≤ 1.5 s on the 2-core CI machine.
/// Short runs on purpose: the CPU is shared.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PlanningBenchmarks
{
    private ManifestSpec _manifest = null!;

    [GlobalSetup]
    public void Setup() => _manifest = BenchManifest.Build();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public long PlanOneMillionJobs()
    {
        var plan = Planner.Create(_manifest);
        long checksum = 0;
        foreach (var job in plan.Jobs)
        {
            checksum += job.Id.Length + job.OutputFile.Length;
        }

        return checksum;
    }
}

/// <summary>The benchmark manifest as records (mirrors bench.flux.yaml beside this file).</summary>
public static class BenchManifest
{
    private static readonly SourcePosition At = new("bench.flux.yaml", 1, 1);

    public static ManifestSpec Build()
    {
        var products = new[] { "Nebula Cola", "Quark Coffee", "Photon Tea", "Gluon Gum", "Muon Mints", "Boson Bars", "Lepton Lemonade", "Hadron Honey", "Quasar Crisps", "Pulsar Pops" };
        var sweep = new SweepSpec(
            [
                new SweepAxis("product", products.Select(p => (ManifestValue)new StringValue(p, At)).ToArray(), At),
                new SweepAxis("steps", Enumerable.Range(1, 50).Select(s => (ManifestValue)new IntegerValue(s, At)).ToArray(), At),
                new SweepAxis("guidance", Enumerable.Range(0, 20).Select(g => (ManifestValue)new NumberValue(1.5m + (g * 0.4m), At)).ToArray(), At),
            ],
            [],
            [],
            [],
            null);
        return new ManifestSpec(
            "bench.flux.yaml",
            "bench",
            "flux-2-flex",
            new StringValue("A studio product photo of {{ product }} on a marble counter, soft morning light", At),
            [],
            [
                new MapEntry("width", At, new IntegerValue(1024, At)),
                new MapEntry("height", At, new IntegerValue(1024, At)),
                new MapEntry("output_format", At, new StringValue("png", At)),
                new MapEntry("prompt_upsampling", At, new BoolValue(false, At)),
            ],
            sweep,
            new SeedSpec(null, 2026, 100),
            [],
            new BudgetSpec(100_000m, At),
            8,
            new OutputSpec("runs/{{ name }}", "{{ product }}/s{{ steps }}-g{{ guidance }}-{{ seed }}.{{ output_format }}", At, At),
            new PriceTable(new Dictionary<string, ModelPrice> { ["flux-2-flex"] = new(0.06m, 0.06m, 0.06m) }),
            null);
    }
}
