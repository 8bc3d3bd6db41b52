using System.Diagnostics;
using System.Globalization;

namespace FluxBatch.Benchmarks.Compare;

/// <summary>
/// One command in a fresh process under <c>/usr/bin/time</c>: its wall time from spawn to exit (start-up included, as
/// a user waits) and its peak resident memory (the kernel's maxrss of that process) and its CPU time (user + system: what the load
/// average does not change much). Output goes to a log file.
/// </summary>
internal static class ColdProcess
{
    /// <param name="SpawnedAt">When the process was spawned (this machine's clock, as the emulator's task times).</param>
    public sealed record Result(double WallSeconds, double PeakRssMb, double CpuSeconds, DateTimeOffset SpawnedAt);

    public static async Task<Result> RunAsync(string command, IReadOnlyList<string> arguments, string logPath)
    {
        var timeFile = logPath + ".time";
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in (string[])["-f", "%e %M %U %S", "-o", timeFile, command, .. arguments])
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        var spawnedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        await File.WriteAllTextAsync(logPath, await output + await errors);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{command} {string.Join(' ', arguments)}` exited {process.ExitCode}: see {logPath}");
        var fields = File.ReadAllLines(timeFile).Last().Split(' ');
        return new Result(wall, long.Parse(fields[1], CultureInfo.InvariantCulture) / 1024.0,
            double.Parse(fields[2], CultureInfo.InvariantCulture) + double.Parse(fields[3], CultureInfo.InvariantCulture), spawnedAt);
    }
}
