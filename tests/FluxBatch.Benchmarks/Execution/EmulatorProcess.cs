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

    /// <summary>
    /// Child mode: serve an emulator until stdin closes; print its URL first. Args: latency spec, active-task limit,
    /// and optionally a file to which each line of stdin (a task id) is answered with that task's creation and
    /// completion time (<see cref="TaskTimesAsync"/>).
    /// </summary>
    public static async Task<int> HostAsync(string[] args)
    {
        var latency = args.Length > 1 ? LatencySpec.Parse(args[1]) : LatencySpec.Zero;
        var limit = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue;
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            MaxActiveTasksPerKey = limit, Latency = latency,
        });
        Console.WriteLine(emulator.BaseUrl);
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line != TimesRequest)
                continue;
            // Every task's life as the server fixed it: "id created_unix_ms completes_unix_ms polls", then an empty line.
            foreach (var task in emulator.Tasks)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{task.Id} {task.CreatedAt.ToUnixTimeMilliseconds()}.{task.CreatedAt.Ticks % 10_000:D4} {task.CompletesAt.ToUnixTimeMilliseconds()}.{task.CompletesAt.Ticks % 10_000:D4} {task.Polls}"));
            Console.WriteLine();
        }
        return 0;
    }

    private const string TimesRequest = "times";

    /// <summary>
    /// When the server created each task and when it became Ready (the emulator's own clock, the same machine's as the
    /// client's), by task id: what the sidecars' "Ready seen" is measured against.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (DateTimeOffset Created, DateTimeOffset Completes)>> TaskTimesAsync()
    {
        await _process.StandardInput.WriteLineAsync(TimesRequest);
        await _process.StandardInput.FlushAsync();
        var times = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>(StringComparer.Ordinal);
        while (await _process.StandardOutput.ReadLineAsync() is { Length: > 0 } line)
        {
            var fields = line.Split(' ');
            times[fields[0]] = (FromUnixMs(fields[1]), FromUnixMs(fields[2]));
        }
        return times;
    }

    private static DateTimeOffset FromUnixMs(string text) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(decimal.Parse(text, CultureInfo.InvariantCulture) * TimeSpan.TicksPerMillisecond));

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
