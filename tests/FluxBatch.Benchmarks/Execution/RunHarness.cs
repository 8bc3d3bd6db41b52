using System.Diagnostics;
using System.Globalization;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>
/// One whole executor run against the emulator in a child process (<see cref="EmulatorProcess"/>), measured from
/// outside BenchmarkDotNet: elapsed time against the ideal ⌈N/P⌉·L, peak resident memory (VmHWM, which is what
/// "peak memory" means to a user; BenchmarkDotNet reports allocations, not peaks), allocations and CPU per job on
/// each side.
/// Usage: <c>dotnet FluxBatch.Benchmarks.dll executor-run N [--concurrency P] [--latency-ms L] [--warmup W] [--delete]</c>.
/// <c>--warmup W</c> runs W jobs first (JIT and connection warm-up); the figures are the second run's alone.
/// The run folders are kept unless <c>--delete</c> is given: on ext4 without a journal (this machine's disk) every new
/// file is checked against recently deleted inodes, so a run started within minutes of deleting tens of thousands of
/// files pays for that deletion (measured: 2.15 instead of 0.84 ms of executor CPU per job). Delete them when no run follows soon.
/// </summary>
internal static class RunHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = long.Parse(args[1], CultureInfo.InvariantCulture);
        var concurrency = (int)Option(args, "--concurrency", 64);
        var latencyMs = Option(args, "--latency-ms", 0);
        var warmup = Option(args, "--warmup", 0);
        var host = await EmulatorProcess.StartAsync(TimeSpan.FromMilliseconds(latencyMs));
        var baseUrl = host.BaseUrl;
        var pollInterval = TimeSpan.FromMilliseconds(10);
        var folders = new List<string>();
        if (warmup > 0)
            folders.Add((await ExecutorRun.RunAsync(baseUrl, warmup, concurrency, pollInterval)).Folder);

        var (executorCpuBefore, emulatorCpuBefore) = (Process.GetCurrentProcess().TotalProcessorTime, host.CpuTime);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var (report, folder) = await ExecutorRun.RunAsync(baseUrl, jobs, concurrency, pollInterval);
        folders.Add(folder);
        var executorCpu = Process.GetCurrentProcess().TotalProcessorTime - executorCpuBefore;
        var emulatorCpu = host.CpuTime - emulatorCpuBefore;
        var allocatedPerJob = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)jobs;
        await host.DisposeAsync();

        var elapsed = report.Elapsed.TotalSeconds;
        var ideal = Math.Ceiling(jobs / (double)concurrency) * latencyMs / 1000.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jobs={jobs} concurrency={concurrency} latency={latencyMs}ms elapsed={elapsed:0.000}s rate={jobs / elapsed:0} jobs/s") +
            (ideal > 0 ? string.Create(CultureInfo.InvariantCulture, $" ideal={ideal:0.000}s ratio={elapsed / ideal:0.000}") : "") +
            string.Create(CultureInfo.InvariantCulture,
                $" peak_rss={PeakRssMegabytes():0.0}MB allocated_per_job={allocatedPerJob / 1024:0.0}KB gc_heap_after={GC.GetTotalMemory(true) / 1048576.0:0.0}MB cpu_per_job: executor={executorCpu.TotalMilliseconds / jobs:0.00}ms emulator={emulatorCpu.TotalMilliseconds / jobs:0.00}ms"));
        if (args.Contains("--delete"))
            folders.ForEach(ExecutorRun.Delete);
        else
            Console.WriteLine($"kept: {string.Join(' ', folders)}");
        return 0;
    }

    private static long Option(string[] args, string name, long fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double PeakRssMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
