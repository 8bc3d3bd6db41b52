using System.Diagnostics;

namespace FluxBatch.Tests.Support;

internal sealed record ProcessResult(int ExitCode, string Output, string Errors)
{
    public ProcessResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{Output}\n{Errors}");
}

/// <summary>
/// Runs a program to its end with a time limit, capturing both streams. Shared by the test projects that run child
/// processes (linked into each from tests/Shared, so there is one copy).
/// </summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // A child dotnet must not inherit the test host's MSBuild/SDK settings (it would build against them).
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // A null value removes the variable (CI=true from the test host must not reach a child that accepts snapshots).
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        using var limit = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds} s");
        }
        return new ProcessResult(process.ExitCode, await output, await errors);
    }
}
