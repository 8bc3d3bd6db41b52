using System.Diagnostics;
using System.Globalization;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Benchmarks.Execution;

/// <summary>
/// The emulator in a child process (this program in <c>emulator-host</c> mode), as the real API is another machine:
/// in the executor's own process it would share its thread pool, GC and CPU accounting, and keep every task it
/// created in the executor's memory. No active-task limit: the benchmarks measure the scheduler at P, not the account.
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

    public static async Task<EmulatorProcess> StartAsync(TimeSpan latency)
    {
        var process = Process.Start(new ProcessStartInfo(
            "dotnet", [typeof(EmulatorProcess).Assembly.Location, "emulator-host", latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        })!;
        var url = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the emulator host did not start");
        return new EmulatorProcess(process, new Uri(url));
    }

    /// <summary>Child mode: serve an emulator until stdin closes; print its URL first.</summary>
    public static async Task<int> HostAsync(string[] args)
    {
        var latency = TimeSpan.FromMilliseconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            MaxActiveTasksPerKey = int.MaxValue, Latency = LatencySpec.Fixed(latency),
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
