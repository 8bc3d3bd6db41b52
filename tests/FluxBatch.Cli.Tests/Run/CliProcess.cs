using System.Diagnostics;
using System.Text;
using FluxBatch.Cli.Tests.Support;

namespace FluxBatch.Cli.Tests.Run;

public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
    public string FirstLine => StdOut.Split('\n', 2)[0];
}

/// <summary>
/// Runs the built CLI as a user does (<c>dotnet fluxbatch.dll …</c>) in a child process, with a clean environment:
/// no API keys unless the test gives them, plain (non-TTY) output.
/// </summary>
public sealed class CliProcess : IDisposable
{
    // A developer's cache folder or Kubernetes index must not reach a test run either (docs/scaling.md).
    private static readonly string[] Scrubbed = ["BFL_API_KEY", "COMETAPI_KEY", "BFL_BASE_URL", "FLUXBATCH_EMULATOR_KEY", "FLUXBATCH_CACHE", "JOB_COMPLETION_INDEX"];
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private CliProcess(Process process) => _process = process;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "fluxbatch.dll");

    public int Id => _process.Id;

    public string StdOutSoFar { get { lock (_out) return _out.ToString(); } }

    public string OutputSoFar { get { lock (_out) lock (_err) return _out.ToString() + _err.ToString(); } }

    public bool HasExited => _process.HasExited;

    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var name in Scrubbed)
            info.Environment.Remove(name);
        info.Environment["CI"] = "1";
        // The local coordinator's slot files go to the tests' own state folder, not the user's.
        info.Environment["FLUXBATCH_STATE_DIR"] = TestState.Directory;
        info.Environment.Remove("FLUXBATCH_COORDINATOR");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._out) cli._out.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (cli._err) cli._err.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var cli = Start(workingDirectory, environment, args);
        return await cli.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the asynchronous output readers
        lock (_out) lock (_err) return new CliResult(_process.ExitCode, _out.ToString(), _err.ToString());
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed; exactly a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGINT, as Ctrl-C sends it.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
