namespace FluxBatch.Gallery.Tests.Support;

/// <summary>The <c>fluxbatch</c> CLI as a user runs it: a child process of the built fluxbatch.dll.</summary>
internal static class Fluxbatch
{
    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "fluxbatch.dll"), .. arguments],
            AppContext.BaseDirectory, TimeSpan.FromMinutes(2),
            // Plain output: no colours or terminal width games in what the tests read.
            new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["COLUMNS"] = "200" });
}
