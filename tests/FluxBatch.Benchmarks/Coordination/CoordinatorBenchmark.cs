using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FluxBatch.Api;
using FluxBatch.Benchmarks.Execution;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Execution.Coordination;
using FluxBatch.Outputs;
using StackExchange.Redis;

namespace FluxBatch.Benchmarks.Coordination;

/// <summary>
/// Issue 16's "done when" for the coordinator, in one command (about a minute):
/// <c>dotnet FluxBatch.Benchmarks.dll coordinator [--jobs N] [--latency-ms L] [--poll-ms P]</c>.
/// One emulator (in this process) with the API's 24-task limit per key, a redis-server it starts on 127.0.0.1, and
/// executor processes (this program in <c>coordinator-child</c> mode) sharing one key:
/// <list type="number">
/// <item>one process running all 3·N jobs (the reference makespan);</item>
/// <item>three processes of N jobs with the Redis coordinator: 429s and makespan against the reference;</item>
/// <item>the same three without a coordinator: the 429s it prevents;</item>
/// <item>three with the coordinator and its default lease (12 s), one killed with -9 mid-run: time until its slots return.</item>
/// </list>
/// Makespan is from the first process's first job to the last process's end, each process timing itself (process
/// start-up is not counted). The load average is printed with the figures: the machine may be shared.
/// </summary>
internal static class CoordinatorBenchmark
{
    private const string Key = "bench-team-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = (int)Option(args, "--jobs", 96);
        var latency = TimeSpan.FromMilliseconds(Option(args, "--latency-ms", 1000));
        var pollMs = Option(args, "--poll-ms", 20);
        await using var redis = await RedisProcess.StartAsync();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [Key], Latency = LatencySpec.Fixed(latency) });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"emulator limit {EmulatorOptions.ApiActiveTaskLimit} per key, latency {latency.TotalMilliseconds} ms, {jobs} jobs per process, poll {pollMs} ms, redis on port {redis.Port}; load average {LoadAverage()}"));
        var ideal = Math.Ceiling(3.0 * jobs / EmulatorOptions.ApiActiveTaskLimit) * latency.TotalSeconds;

        var one = await ScenarioAsync(emulator, [3 * jobs], "none", pollMs, "one");
        Report("1 process, all 3N jobs", one, ideal, null);
        var three = await ScenarioAsync(emulator, [jobs, jobs, jobs], redis.Address, pollMs, "redis");
        Report("3 processes, Redis coordinator", three, ideal, one.Makespan);
        var bare = await ScenarioAsync(emulator, [jobs, jobs, jobs], "none", pollMs, "bare");
        Report("3 processes, no coordinator", bare, ideal, one.Makespan);
        await KillScenarioAsync(emulator, redis, jobs, pollMs);
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    /// <summary>Child mode: one executor run against the emulator; prints its own start and end (Unix ms) and counts.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var baseUrl = new Uri(args[1]);
        var jobs = int.Parse(args[2], CultureInfo.InvariantCulture);
        var coordinator = args[3];
        var tag = args[4];
        var pollMs = double.Parse(args[5], CultureInfo.InvariantCulture);
        var key = new ApiKey(Key);
        var folder = Path.Combine(Path.GetTempPath(), "fluxbatch-bench-coordinator", $"{tag}-{Environment.ProcessId}");
        using var provider = new FluxProvider(new BflDialect(baseUrl, "emulator"), key);
        var executor = new BatchExecutor(provider, new RunContext("bench", new RunFolder(folder), jobs), new ExecutorOptions
        {
            Concurrency = EmulatorOptions.ApiActiveTaskLimit,
            PollInterval = TimeSpan.FromMilliseconds(pollMs),
            Coordinator = coordinator == "none" ? null : coordinator,
            Account = AccountId.Of("emulator", key),
        });
        Console.WriteLine("ready");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var report = await executor.RunAsync(BenchmarkPlans.Jobs(jobs, tag), CancellationToken.None);
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start={start} end={end} downloaded={report.Downloaded} submissions={report.Submissions}"));
        Directory.Delete(folder, recursive: true);
        return report.Downloaded == jobs ? 0 : 1;
    }

    private sealed record Outcome(TimeSpan Makespan, long RateLimited, int Peak, long Downloaded, IReadOnlyList<TimeSpan> PerProcess);

    private static async Task<Outcome> ScenarioAsync(RunningEmulator emulator, int[] jobs, string coordinator, long pollMs, string tag)
    {
        var refusedBefore = emulator.Stats.ActiveTaskLimitRefusals;
        var children = jobs.Select((n, i) => Child.Start(emulator.BaseUrl, n, coordinator, $"{tag}{i}", pollMs)).ToList();
        var results = await Task.WhenAll(children.Select(c => c.WaitAsync()));
        children.ForEach(c => c.Dispose());
        var start = results.Min(r => r.Start);
        var end = results.Max(r => r.End);
        return new Outcome(TimeSpan.FromMilliseconds(end - start), emulator.Stats.ActiveTaskLimitRefusals - refusedBefore,
            emulator.Stats.PeakActiveTasksPerKey, results.Sum(r => r.Downloaded), [.. results.Select(r => TimeSpan.FromMilliseconds(r.End - r.Start))]);
    }

    private static void Report(string name, Outcome outcome, double ideal, TimeSpan? reference) =>
        Console.WriteLine(FormattableString.Invariant(
            $"{name}: makespan {outcome.Makespan.TotalSeconds:0.000} s (ideal ⌈3N/24⌉·L = {ideal:0.000} s, {outcome.Makespan.TotalSeconds / ideal:0.000} ×)")
            + (reference is { } r ? FormattableString.Invariant($", {outcome.Makespan.TotalSeconds / r.TotalSeconds:0.000} × the single process") : "")
            + FormattableString.Invariant($"; 429s from the account limit: {outcome.RateLimited}; peak active tasks per key so far: {outcome.Peak}; downloaded {outcome.Downloaded};")
            + " per process " + string.Join(", ", outcome.PerProcess.Select(p => p.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture))) + " s");

    /// <summary>Three processes on the default lease; one killed with -9 once every slot is busy: how long until its slots return.</summary>
    private static async Task KillScenarioAsync(RunningEmulator emulator, RedisProcess redis, int jobs, long pollMs)
    {
        await using var client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        var children = Enumerable.Range(0, 3).Select(i => Child.Start(emulator.BaseUrl, jobs, redis.Address, $"kill{i}", pollMs)).ToList();
        var victim = children[0];
        var account = (RedisKey)$"fluxbatch:slots:{{{AccountId.Of("emulator", new ApiKey(Key))}}}";
        // Wait until the victim holds slots (it has started and the account is busy), then a little more: mid-run.
        var held = 0L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((held = await LiveLeasesOfAsync(client, account, victim.Pid)) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        await Task.Delay(TimeSpan.FromSeconds(2));
        held = await LiveLeasesOfAsync(client, account, victim.Pid);
        victim.Kill();
        var killed = Stopwatch.StartNew();
        while (await LiveLeasesOfAsync(client, account, victim.Pid) > 0)
            await Task.Delay(10);
        var returned = killed.Elapsed;
        var rest = await Task.WhenAll(children.Skip(1).Select(c => c.WaitAsync()));
        children.ForEach(c => c.Dispose());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill -9 of one of 3 processes holding {held} slots: its slots returned {returned.TotalSeconds:0.000} s after the kill (lease {CoordinatorAddress.DefaultLease.TotalSeconds:0} s, renewed every {CoordinatorAddress.DefaultLease.TotalSeconds / 3:0} s); the other two downloaded {rest.Sum(r => r.Downloaded)} of {2 * jobs}; 429s so far {emulator.Stats.ActiveTaskLimitRefusals}"));
    }

    /// <summary>Leases of one process (lease ids start with HOST-PID-) not yet expired by the server's clock.</summary>
    private static async Task<long> LiveLeasesOfAsync(ConnectionMultiplexer client, RedisKey key, int pid) =>
        (long)await client.GetDatabase().ScriptEvaluateAsync("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local n = 0
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
              if string.find(id, ARGV[1], 1, true) then n = n + 1 end
            end
            return n
            """, [key], [$"-{pid}-"]);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static long Option(string[] args, string name, long fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record ChildResult(long Start, long End, long Downloaded);

    /// <summary>An executor process; started in the <c>coordinator-child</c> mode of this program.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;

        private Child(Process process) => _process = process;

        public int Pid => _process.Id;

        public static Child Start(Uri baseUrl, int jobs, string coordinator, string tag, long pollMs) =>
            new(Process.Start(new ProcessStartInfo("dotnet",
                [typeof(Child).Assembly.Location, "coordinator-child", baseUrl.ToString(), jobs.ToString(CultureInfo.InvariantCulture), coordinator, tag, pollMs.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            })!);

        public async Task<ChildResult> WaitAsync()
        {
            var output = await _process.StandardOutput.ReadToEndAsync();
            await _process.WaitForExitAsync();
            var line = output.Split('\n').Last(l => l.StartsWith("start=", StringComparison.Ordinal));
            var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
            return new ChildResult(fields["start"], fields["end"], fields["downloaded"]);
        }

        public void Kill() => _process.Kill();

        public void Dispose() => _process.Dispose();
    }

    /// <summary>A redis-server on 127.0.0.1 at a free port, nothing saved to disk.</summary>
    private sealed class RedisProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private RedisProcess(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public string Address => $"redis://127.0.0.1:{Port}";

        public static async Task<RedisProcess> StartAsync()
        {
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                var process = Process.Start(new ProcessStartInfo("redis-server",
                    ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
                {
                    RedirectStandardOutput = true, UseShellExecute = false,
                }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
                _ = process.StandardOutput.ReadToEndAsync();
                for (var i = 0; i < 500; i++)
                {
                    try
                    {
                        await using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=200");
                        return new RedisProcess(process, port);
                    }
                    catch (RedisConnectionException)
                    {
                        await Task.Delay(20);
                    }
                }
                throw new InvalidOperationException("redis-server did not answer");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
