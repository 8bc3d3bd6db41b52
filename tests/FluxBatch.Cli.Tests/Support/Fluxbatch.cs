using System.Diagnostics;

namespace FluxBatch.Cli.Tests.Support;

/// <summary>The result of one <c>fluxbatch</c> run: exit code and both streams.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the built <c>fluxbatch</c> (the real Program, as a user types it) in a child process, so exit codes,
/// stdout/stderr separation and the absence of stack traces are tested end to end.
/// </summary>
public static class Fluxbatch
{
    public static string RepoRoot => Repository.Root;

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fluxbatch.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A developer's FLUXBATCH_ACCEPT must not leak into tests; CI=true is set where a test needs it.
        start.Environment["FLUXBATCH_ACCEPT"] = null;
        start.Environment["CI"] = null;
        start.Environment["FLUXBATCH_STATE_DIR"] = TestState.Directory;
        start.Environment["FLUXBATCH_COORDINATOR"] = null;
        foreach (var pair in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fluxbatch-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>The state folder (local coordinator's slot files) of every fluxbatch these tests start: one per test run.</summary>
public static class TestState
{
    public static string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fluxbatch-cli-tests", "state-" + Environment.ProcessId);
}
