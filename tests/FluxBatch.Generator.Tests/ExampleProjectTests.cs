using System.Diagnostics;
using System.Text.RegularExpressions;
using FluxBatch.Generator.Tests.Infrastructure;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// examples/FluxBatch.Examples.Presets references the generator the way a user does (an analyzer reference, the
/// manifests as AdditionalFiles). It is built before these tests; here it runs as its own process, plans the
/// poster preset with overridden variables and runs the sweep on the emulator.
/// </summary>
public sealed class ExampleProjectTests
{
    [Fact]
    public async Task The_example_project_plans_and_runs_a_preset_on_the_emulator()
    {
        var work = Directory.CreateTempSubdirectory("fluxbatch-presets-");
        try
        {
            var (exitCode, output) = await RunExampleAsync(work.FullName);

            Assert.True(exitCode == 0, output);
            Assert.Contains("poster-typography on flux-2-flex: 56 jobs", output);
            Assert.Contains("The Quiet Ones", output); // the overridden variable reached the rendered prompt
            Assert.Matches(new Regex(@"Completed: 56 of 56 images, 0 failed"), output);
            Assert.Contains("presets in this project: MultiReference, PosterTypography, ProductZip, RandomSearch, Seeded16", output);
            var images = Directory.GetFiles(Path.Combine(work.FullName, "runs", "poster-typography"), "*.png", SearchOption.AllDirectories);
            Assert.Equal(56, images.Length);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunExampleAsync(string workDirectory)
    {
        // Same configuration as this test assembly: .../bin/{Configuration}/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepoPaths.Root, "examples", "FluxBatch.Examples.Presets", "bin", configuration, "net10.0", "FluxBatch.Examples.Presets.dll");
        Assert.True(File.Exists(dll), $"the example project was not built: {dll}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(workDirectory);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
