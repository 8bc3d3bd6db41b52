using System.Diagnostics;
using System.Globalization;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>
/// Peak memory of an executor run against N, measured as the process's peak resident set (VmHWM), which is what
/// "peak memory" means to a user. The emulator runs in a child process (this same program, <c>emulator-host</c>),
/// because it keeps every task it ever created and would otherwise be counted as the executor's.
/// Usage: <c>dotnet FluxBatch.Benchmarks.dll executor-memory N [P]</c>.
/// </summary>
internal static class MemoryHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = long.Parse(args[1], CultureInfo.InvariantCulture);
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var latency = args.Length > 3 ? args[3] : "0";
        using var host = Process.Start(new ProcessStartInfo("dotnet", [typeof(MemoryHarness).Assembly.Location, "emulator-host", latency])
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        })!;
        var baseUrl = new Uri((await host.StandardOutput.ReadLineAsync())!);
        if (Environment.GetEnvironmentVariable("WARMUP") is { } warm)
            ExecutorRun.Delete((await ExecutorRun.RunAsync(baseUrl, long.Parse(warm, CultureInfo.InvariantCulture), concurrency, TimeSpan.FromMilliseconds(10))).Folder);
        var (report, folder) = await ExecutorRun.RunAsync(baseUrl, jobs, concurrency, TimeSpan.FromMilliseconds(10));
        var elapsed = report.Elapsed;
        var executorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var emulatorCpu = host.TotalProcessorTime;
        host.StandardInput.Close();
        await host.WaitForExitAsync();
        if (Environment.GetEnvironmentVariable("KEEP") is null) ExecutorRun.Delete(folder); else Console.WriteLine(folder);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jobs={jobs} concurrency={concurrency} elapsed={elapsed.TotalSeconds:0.0}s rate={jobs / elapsed.TotalSeconds:0} jobs/s peak_rss={PeakRssMegabytes():0.0} MB gc_heap_after={GC.GetTotalMemory(true) / 1048576.0:0.0} MB cpu_per_job: executor={executorCpu.TotalMilliseconds / jobs:0.00} ms emulator={emulatorCpu.TotalMilliseconds / jobs:0.00} ms"));
        return 0;
    }

    /// <summary>Child mode: serve an emulator (no active-task limit) until stdin closes; print its URL first.</summary>
    public static async Task<int> HostEmulatorAsync(string[] args)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { MaxActiveTasksPerKey = int.MaxValue,
            Latency = LatencySpec.Fixed(TimeSpan.FromMilliseconds(int.Parse(args.Length > 1 ? args[1] : "0", CultureInfo.InvariantCulture))) });
        Console.WriteLine(emulator.BaseUrl);
        await Console.In.ReadToEndAsync();
        return 0;
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
