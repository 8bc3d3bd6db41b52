using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FluxBatch.Benchmarks.Execution;

namespace FluxBatch.Benchmarks.Compare;

/// <summary>
/// The side-by-side the executor's figures in docs/benchmarks.md come from: the <c>fluxbatch</c> CLI run cold (a new
/// process, as users run it, default poll interval) and the <see cref="BareClient"/> (also cold), against the same
/// emulator in a child process, next to the ideal ⌈N/P⌉·L, in one invocation. The emulator keeps the real API's
/// 24-task limit where the row says "cap" and lifts it where it says "lifted".
/// Usage (see <c>compare.sh</c>, which publishes the CLI first):
/// <c>dotnet FluxBatch.Benchmarks.dll compare --cli PATH/fluxbatch[.dll] [--repo DIR] [--startup-runs 5] [--no-memory] [--quick] [--only TEXT]</c>.
/// Prints markdown table rows. Run folders stay under /tmp/fluxbatch-compare (see docs/benchmarks.md on deleting).
/// </summary>
internal static class CliComparison
{
    private const int Lifted = int.MaxValue;

    /// <summary>The makespan rows: name, the emulator's latency, its limit, P, N (each with a mean latency of 200 ms).</summary>
    private static readonly (string Name, string Latency, int Limit, int Concurrency, int Jobs)[] Scenarios =
    [
        ("P = 64, limit lifted, N = 2,000, L = 200 ms", "200ms", Lifted, 64, 2_000),
        ("P = 24, cap 24, N = 2,000, L = 200 ms", "200ms", 24, 24, 2_000),
        ("P = 24, cap 24, N = 480, L = 200 ms", "200ms", 24, 24, 480),
        ("P = 24, cap 24, N = 2,000, L = uniform:150ms..250ms", "uniform:150ms..250ms", 24, 24, 2_000),
        ("P = 64, limit lifted, N = 2,000, L = uniform:150ms..250ms", "uniform:150ms..250ms", Lifted, 64, 2_000),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var cli = Path.GetFullPath(Text(args, "--cli") ?? throw new ArgumentException("--cli PATH/fluxbatch(.dll) is required"));
        var repo = Text(args, "--repo") ?? FindRepository();
        var work = Path.Combine(Path.GetTempPath(), "fluxbatch-compare", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        var bench = new Bench(cli, work, BenchManifest.Write(work));
        Console.WriteLine($"# fluxbatch CLI vs bare baseline, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()} (at start)");
        Console.WriteLine($"# cli: {cli}; run folders under {work}");
        // One short run of each contender first, not measured: the first process after an install or a build pays
        // for reading the tool's files from disk (seen: the first row 10-15 % slower than the same row run again).
        await bench.WarmUpAsync();

        Console.WriteLine();
        Console.WriteLine("| scenario | ideal ⌈N/P⌉·L | fluxbatch wall (makespan) | × ideal (makespan) | bare wall (makespan) | × ideal (makespan) | fluxbatch / bare (makespan) | submit → Ready seen, mean (median): fluxbatch / bare | polls per task: fluxbatch / bare | CPU s: fluxbatch / bare |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        if (args.Contains("--quick"))
        {
            // A smoke run of the harness itself (about 30 s): one row, two start-ups.
            var quick = await bench.MakespanAsync("P = 24, cap 24, N = 480, L = 200 ms", "200ms", 24, 24, 480, 0.2);
            Console.WriteLine($"Per-turn loss, fluxbatch: {quick.TurnLoss}");
            await bench.StartupAsync(Path.Combine(repo, "examples", "poster-typography.flux.yaml"), 2);
            return 0;
        }
        // --only TEXT runs the rows whose name contains TEXT (and nothing else; `--only startup` the start-up figure): for trying one change quickly.
        var only = Text(args, "--only");
        var losses = new List<(string Name, CapFigures Figures)>();
        foreach (var (name, latency, limit, concurrency, jobs) in Scenarios)
        {
            if (only is null || name.Contains(only, StringComparison.Ordinal))
                losses.Add((name, await bench.MakespanAsync(name, latency, limit, concurrency, jobs, 0.2)));
        }

        foreach (var (name, figures) in losses)
        {
            Console.WriteLine();
            Console.WriteLine($"Per-turn loss, {name}, fluxbatch: {figures.TurnLoss}");
            Console.WriteLine($"  bare: {figures.BareTurnLoss}");
        }
        if (only is not null)
        {
            if (only == "startup") // --only startup: the start-up figure alone
                await bench.StartupAsync(Path.Combine(repo, "examples", "poster-typography.flux.yaml"), (int)Option(args, "--startup-runs", 5));
            return 0;
        }

        Console.WriteLine();
        Console.WriteLine("| throughput | fluxbatch wall (run) | jobs/s (run) | peak RSS | CPU s | bare wall (run) | jobs/s (run) | peak RSS | CPU s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        await bench.ThroughputAsync("20,000 jobs of 64×64, zero latency, P = 64", 20_000, withBare: true);

        Console.WriteLine();
        var runs = (int)Option(args, "--startup-runs", 5);
        await bench.StartupAsync(Path.Combine(repo, "examples", "poster-typography.flux.yaml"), runs);

        if (!args.Contains("--no-memory"))
        {
            Console.WriteLine();
            Console.WriteLine("| memory (fluxbatch CLI, zero latency, P = 64) | wall (run) | jobs/s (run) | peak RSS | CPU s |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            await bench.ThroughputAsync("10,000 jobs", 10_000, withBare: false);
            await bench.ThroughputAsync("100,000 jobs", 100_000, withBare: false);
        }
        Console.WriteLine();
        Console.WriteLine($"# load average {LoadAverage()} (at the end)");
        return 0;
    }

    /// <summary>Milliseconds from this process's start (the kernel's record) to a Stopwatch timestamp taken in it.</summary>
    public static double SinceProcessStart(long stopwatchTimestamp)
    {
        using var self = Process.GetCurrentProcess();
        return ((DateTime.Now - self.StartTime) - Stopwatch.GetElapsedTime(stopwatchTimestamp)).TotalMilliseconds;
    }

    public static long Option(string[] args, string name, long fallback) =>
        Text(args, name) is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FluxBatch.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository (FluxBatch.sln): pass --repo DIR");
    }

    /// <summary>What the comparison keeps for the per-turn paragraph.</summary>
    internal sealed record CapFigures(string TurnLoss, string BareTurnLoss);

    private sealed class Bench(string cli, string work, string manifest)
    {
        private int _runs;

        /// <summary>The installed tool (its launcher) runs as it is; a published fluxbatch.dll through <c>dotnet</c>.</summary>
        private Task<ColdProcess.Result> RunFluxbatchAsync(IReadOnlyList<string> arguments, string logPath) =>
            cli.EndsWith(".dll", StringComparison.Ordinal)
                ? ColdProcess.RunAsync("dotnet", [cli, .. arguments], logPath)
                : ColdProcess.RunAsync(cli, arguments, logPath);

        public async Task<CapFigures> MakespanAsync(string name, string latency, int limit, int concurrency, int jobs, double meanLatency)
        {
            await using var emulator = await StartEmulatorAsync(latency, limit);
            var ideal = Math.Ceiling(jobs / (double)concurrency) * meanLatency;
            var flux = await RunCliAsync(emulator.BaseUrl, manifest, jobs, concurrency, limit);
            var bare = await RunBareAsync(emulator.BaseUrl, jobs, concurrency);
            var timings = Sidecars.Read(flux.Folder, await emulator.TaskTimesAsync());
            var makespan = timings.MakespanSeconds;
            Console.WriteLine(Invariant($"| {name} | {ideal:0.00} s | {flux.Wall:0.00} s ({makespan:0.00} s) | {flux.Wall / ideal:0.000} ({makespan / ideal:0.000}) | {bare.Wall:0.00} s ({bare.Run:0.00} s) | {bare.Wall / ideal:0.000} ({bare.Run / ideal:0.000}) | {flux.Wall / bare.Wall:0.000} ({makespan / bare.Run:0.000}) | {timings.ReadyMeanMs:0.0} ({timings.ReadyMedianMs:0.0}) / {bare.ReadyMeanMs:0.0} ms | {timings.PollsPerTask:0.00} / {bare.PollsPerTask:0.00} | {flux.CpuSeconds:0.0} / {bare.CpuSeconds:0.0} |"));
            var turns = Math.Ceiling(jobs / (double)concurrency);
            return new CapFigures(
                Invariant($"{(makespan - ideal) / turns * 1000:0.0} ms per turn over {turns} turns (makespan − ideal; makespan = first POST → last image, {makespan:0.000} s); wall {flux.Wall:0.000} s = start → first POST {flux.FirstPostMs / 1000:0.000} s + makespan + last image → exit {flux.Wall - flux.FirstPostMs / 1000 - makespan:0.000} s; submit → Ready seen {timings.ReadyMeanMs:0.0} ms mean, {timings.ReadyMedianMs:0.0} median (L = {meanLatency * 1000:0} ms); submit sent → task created at the server {timings.PostInMeanMs:0.0} ms mean; server's Ready → Ready seen {timings.SeenLateMeanMs:0.0} ms mean, {timings.SeenLateMedianMs:0.0} median, {timings.SeenLateP90Ms:0.0} p90; Ready seen → next POST {timings.NextPostMeanMs:0.00} ms mean, {timings.NextPostMedianMs:0.00} median; Ready seen → image downloaded {timings.DeliverMeanMs:0.0} ms mean; {timings.PollsPerTask:0.00} polls per task"),
                Invariant($"{(bare.Run - ideal) / turns * 1000:0.0} ms per turn (first POST → last file {bare.Run:0.000} s); submit → Ready seen {bare.ReadyMeanMs:0.0} ms mean (polls every 50 ms); first POST {bare.FirstPostMs:0} ms after process start"));
        }

        public async Task ThroughputAsync(string name, int jobs, bool withBare)
        {
            await using var emulator = await StartEmulatorAsync("0", Lifted);
            var flux = await RunCliAsync(emulator.BaseUrl, manifest, jobs, 64, Lifted);
            var row = Invariant($"| {name} | {flux.Wall:0.0} s ({flux.Run:0.0} s) | {jobs / flux.Wall:0} ({jobs / flux.Run:0}) | {flux.PeakRssMb:0.0} MB | {flux.CpuSeconds:0.0} |");
            if (withBare)
            {
                var bare = await RunBareAsync(emulator.BaseUrl, jobs, 64);
                row += Invariant($" {bare.Wall:0.0} s ({bare.Run:0.0} s) | {jobs / bare.Wall:0} ({jobs / bare.Run:0}) | {bare.PeakRssMb:0.0} MB | {bare.CpuSeconds:0.0} |");
            }
            Console.WriteLine(row);
        }

        /// <summary>The README's main command, cold, against an emulator already running: median time to the first POST.</summary>
        public async Task StartupAsync(string readmeManifest, int runs)
        {
            await using var emulator = await StartEmulatorAsync("0", Lifted);
            var fluxbatch = new List<double>();
            var atServer = new List<double>();
            var bare = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var folder = NextFolder("startup");
                var result = await RunFluxbatchAsync(["run", readmeManifest, "--provider", "emulator", "--base-url", emulator.BaseUrl.ToString(), "--out", folder], folder + ".log");
                fluxbatch.Add(RunJson.Read(folder).FirstPostMs);
                // The other side of the same moment: the emulator's creation of the run's first task, from the spawn.
                var tasks = await emulator.TaskTimesAsync();
                var first = Sidecars.TaskIds(folder).Select(id => tasks[id].Created).Min();
                atServer.Add((first - result.SpawnedAt).TotalMilliseconds);
                bare.Add((await RunBareAsync(emulator.BaseUrl, 8, 8)).FirstPostMs);
            }
            Console.WriteLine(Invariant($"Start → first POST, `fluxbatch run examples/poster-typography.flux.yaml` (emulator already running), {runs} cold runs: median {Median(fluxbatch):0} ms by run.json's stamp (runs: {string.Join(", ", fluxbatch.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}); spawn → the first task created at the emulator: median {Median(atServer):0} ms (runs: {string.Join(", ", atServer.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}); bare baseline: median {Median(bare):0} ms"));
        }

        public async Task WarmUpAsync()
        {
            await using var emulator = await StartEmulatorAsync("0", Lifted);
            await RunCliAsync(emulator.BaseUrl, manifest, 96, 24, Lifted);
            await RunBareAsync(emulator.BaseUrl, 96, 24);
        }

        /// <summary>An emulator child that has served a few jobs already: no contender pays for its JIT.</summary>
        private async Task<EmulatorProcess> StartEmulatorAsync(string latency, int limit)
        {
            var emulator = await EmulatorProcess.StartAsync(latency, limit);
            await BareClient.RunJobsAsync(emulator.BaseUrl, 48, 16, NextFolder("warmup"), TimeSpan.FromMilliseconds(20));
            return emulator;
        }

        /// <param name="limit">The emulator's limit: where it is lifted, so is the account's on this machine (the local
        /// coordinator, on by default, holds every process of one key to the real API's 24 slots).</param>
        private async Task<Measured> RunCliAsync(Uri baseUrl, string manifestPath, int jobs, int concurrency, int limit)
        {
            var folder = NextFolder("fluxbatch");
            var (combinations, seeds) = BenchManifest.Split(jobs);
            string[] coordinator = limit == Lifted ? ["--coordinator", "none"] : [];
            var result = await RunFluxbatchAsync(
                ["run", manifestPath, "--provider", "emulator", "--base-url", baseUrl.ToString(), "--out", folder,
                 "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
                 "--set", $"seeds.count={seeds}", "--set", $"sweep.grid.k=[{string.Join(',', Enumerable.Range(0, combinations))}]",
                 .. coordinator],
                folder + ".log");
            var summary = RunJson.Read(folder);
            if (summary.Downloaded != jobs)
                throw new InvalidOperationException($"fluxbatch run incomplete ({summary.Downloaded} of {jobs}): see {folder}.log");
            return new Measured(folder, result.WallSeconds, summary.ElapsedSeconds, result.PeakRssMb, result.CpuSeconds, summary.FirstPostMs, 0, 0);
        }

        private async Task<Measured> RunBareAsync(Uri baseUrl, int jobs, int concurrency)
        {
            var folder = NextFolder("bare");
            var result = await ColdProcess.RunAsync("dotnet",
                [typeof(CliComparison).Assembly.Location, "bare-client", baseUrl.ToString(), jobs.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture), folder],
                folder + ".log");
            var line = File.ReadLines(folder + ".log").LastOrDefault(l => l.StartsWith("bare ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"the bare client failed: see {folder}.log");
            var fields = line.Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
            return new Measured(folder, result.WallSeconds, fields["elapsed_s"], result.PeakRssMb, result.CpuSeconds, fields["first_post_ms"], fields["submit_to_ready_ms"], fields["polls_per_task"]);
        }

        private string NextFolder(string what) => Path.Combine(work, Invariant($"{++_runs:D2}-{what}"));
    }

    private sealed record Measured(string Folder, double Wall, double Run, double PeakRssMb, double CpuSeconds, double FirstPostMs, double ReadyMeanMs, double PollsPerTask);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>run.json's figures.</summary>
    private sealed record RunJson(long Downloaded, double ElapsedSeconds, double FirstPostMs)
    {
        public static RunJson Read(string folder)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "run.json")));
            var root = json.RootElement;
            var firstPost = root.TryGetProperty("first_post", out var stamp) && stamp.TryGetProperty("after_process_start_ms", out var ms) ? ms.GetDouble() : double.NaN;
            return new RunJson(root.GetProperty("downloaded").GetInt64(), root.GetProperty("elapsed_seconds").GetDouble(), firstPost);
        }
    }

    /// <summary>
    /// Where a slot's turn goes, from the sidecars' timings joined with the emulator's own record of each task: submit
    /// sent → the server created the task (the POST's way in), the server's Ready moment → Ready seen (the poll's aim
    /// and round trip), Ready seen → the next POST sent by any job (at the cap the next POST waits for this slot),
    /// Ready seen → image downloaded; and the makespan, from the first POST to the last image downloaded.
    /// </summary>
    private sealed record Sidecars(double MakespanSeconds, double ReadyMeanMs, double ReadyMedianMs, double NextPostMeanMs, double NextPostMedianMs, double DeliverMeanMs, double PollsPerTask,
        double PostInMeanMs, double SeenLateMeanMs, double SeenLateMedianMs, double SeenLateP90Ms)
    {
        public static IEnumerable<string> TaskIds(string folder) =>
            Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
                .Where(path => path.EndsWith(".png.json", StringComparison.Ordinal) || path.EndsWith(".jpeg.json", StringComparison.Ordinal) || path.EndsWith(".jpg.json", StringComparison.Ordinal))
                .Select(path =>
                {
                    using var json = JsonDocument.Parse(File.ReadAllBytes(path));
                    return json.RootElement.GetProperty("task_id").GetString()!;
                });

        public static Sidecars Read(string folder, IReadOnlyDictionary<string, (DateTimeOffset Created, DateTimeOffset Completes)> server)
        {
            var jobs = new List<(string Task, DateTimeOffset Submitted, DateTimeOffset Ready, DateTimeOffset Downloaded, int Polls)>();
            foreach (var path in Directory.EnumerateFiles(folder, "*.png.json", SearchOption.AllDirectories))
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(path));
                var t = json.RootElement.GetProperty("timings");
                jobs.Add((json.RootElement.GetProperty("task_id").GetString()!, t.GetProperty("submitted_at").GetDateTimeOffset(), t.GetProperty("ready_at").GetDateTimeOffset(),
                    t.GetProperty("downloaded_at").GetDateTimeOffset(), t.GetProperty("polls").GetInt32()));
            }
            WriteTimeline(folder + ".timeline.csv", jobs, server);
            var ready = jobs.Select(j => (j.Ready - j.Submitted).TotalMilliseconds).Order().ToList();
            var submits = jobs.Select(j => j.Submitted).Order().ToArray();
            var nextPost = new List<double>();
            foreach (var job in jobs)
            {
                var at = Array.BinarySearch(submits, job.Ready);
                var next = at >= 0 ? at : ~at;
                if (next < submits.Length)
                    nextPost.Add((submits[next] - job.Ready).TotalMilliseconds);
            }
            nextPost.Sort();
            var known = jobs.Where(j => server.ContainsKey(j.Task)).ToList();
            var postIn = known.Select(j => (server[j.Task].Created - j.Submitted).TotalMilliseconds).DefaultIfEmpty(double.NaN).Average();
            var late = known.Select(j => (j.Ready - server[j.Task].Completes).TotalMilliseconds).Order().ToList();
            var makespan = (jobs.Max(j => j.Downloaded) - submits[0]).TotalSeconds;
            return new Sidecars(makespan, ready.Average(), Median(ready), nextPost.DefaultIfEmpty(double.NaN).Average(), Median(nextPost),
                jobs.Average(j => (j.Downloaded - j.Ready).TotalMilliseconds), jobs.Average(j => j.Polls),
                postIn, late.DefaultIfEmpty(double.NaN).Average(), Median(late), late.Count == 0 ? double.NaN : late[(int)(0.9 * (late.Count - 1))]);
        }

        /// <summary>Every task's times in ms since the first submit, for reading a run's turns one by one (not printed).</summary>
        private static void WriteTimeline(string path, List<(string Task, DateTimeOffset Submitted, DateTimeOffset Ready, DateTimeOffset Downloaded, int Polls)> jobs,
            IReadOnlyDictionary<string, (DateTimeOffset Created, DateTimeOffset Completes)> server)
        {
            var origin = jobs.Min(j => j.Submitted);
            double Ms(DateTimeOffset at) => (at - origin).TotalMilliseconds;
            using var csv = new StreamWriter(path);
            csv.WriteLine("task,submitted_ms,created_ms,completes_ms,ready_seen_ms,downloaded_ms,polls");
            foreach (var j in jobs.OrderBy(j => j.Submitted))
            {
                var known = server.TryGetValue(j.Task, out var times);
                csv.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{j.Task},{Ms(j.Submitted):0.000},{(known ? Ms(times.Created) : double.NaN):0.000},{(known ? Ms(times.Completes) : double.NaN):0.000},{Ms(j.Ready):0.000},{Ms(j.Downloaded):0.000},{j.Polls}"));
            }
        }
    }
}
