using System.Diagnostics;
using System.Globalization;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>
/// The emulator in a child process (this program in <c>emulator-host</c> mode), as the real API is another machine:
/// in the executor's own process it would share its thread pool, GC and CPU accounting, and keep every task it
/// created in the executor's memory. No active-task limit unless one is given: the executor benchmarks measure the
/// scheduler at P, not the account; the CLI comparison (<see cref="FluxBatch.Benchmarks.Compare.CliComparison"/>) runs both.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static Task<EmulatorProcess> StartAsync(TimeSpan latency) =>
        StartAsync(latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms", int.MaxValue);

    /// <param name="latency">As <c>fluxbatch emulator --latency</c>: <c>200ms</c>, <c>uniform:150ms..250ms</c>, ...</param>
    /// <param name="maxActiveTasks">The per-key limit of active tasks (24 as the real API; int.MaxValue lifts it).</param>
    public static async Task<EmulatorProcess> StartAsync(string latency, int maxActiveTasks)
    {
        var process = Process.Start(new ProcessStartInfo(
            "dotnet", [typeof(EmulatorProcess).Assembly.Location, "emulator-host", latency, maxActiveTasks.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        })!;
        var url = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the emulator host did not start");
        return new EmulatorProcess(process, new Uri(url));
    }

    /// <summary>Child mode: serve an emulator until stdin closes; print its URL first. Args: latency spec, active-task limit.</summary>
    public static async Task<int> HostAsync(string[] args)
    {
        var latency = args.Length > 1 ? LatencySpec.Parse(args[1]) : LatencySpec.Zero;
        var limit = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue;
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            MaxActiveTasksPerKey = limit, Latency = latency,
        });
        Console.WriteLine(emulator.BaseUrl);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
