using FluxBatch.Testing.Tests.Support;
using Xunit.Abstractions;

namespace FluxBatch.Testing.Tests;

/// <summary>
/// The examples' test project as its users run it, with <c>dotnet test</c>, in a copy of the repository: the generated
/// snapshot tests pass, changing one axis value in an example fails its test with the summary and the diff, and
/// accepting with the environment variable (never on CI) makes it pass. Slow (it builds), so one scenario.
/// </summary>
public sealed class ExamplesTestProjectTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-examples-tests-");

    [Fact]
    public async Task Changing_an_axis_value_fails_the_generated_test_with_summary_and_diff_until_accepted()
    {
        var root = await SourceCopy.CopyAsync(_work.FullName, "runtime", "generator", "examples",
            "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig");
        var project = Path.Combine(root, "examples", "FluxBatch.Examples.Tests");
        var manifest = Path.Combine(root, "examples", "poster-typography.flux.yaml");
        var verified = Path.Combine(root, "examples", "poster-typography.flux.plan.verified.txt");

        var first = await TestAsync(project, build: true);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("Passed!", first.Output, StringComparison.Ordinal);

        // 50 -> 40 steps: 2 fonts x 5 guidance values x 2 seeds at 50 steps go, as many at 40 come.
        var yaml = await File.ReadAllTextAsync(manifest);
        Assert.Contains("steps: [12, 24, 50]", yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(manifest, yaml.Replace("steps: [12, 24, 50]", "steps: [12, 24, 40]", StringComparison.Ordinal));

        var changed = await TestAsync(project, build: true);
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("FluxBatch.Presets.PosterTypographySnapshotTests.Plan_matches_its_verified_snapshot", changed.Output, StringComparison.Ordinal);
        Assert.Contains("plan differs from " + verified, changed.Output, StringComparison.Ordinal);
        Assert.Contains("+20 jobs, −20 jobs", changed.Output, StringComparison.Ordinal);
        Assert.Contains("+   parameters: ", changed.Output, StringComparison.Ordinal);
        Assert.Contains("steps=40", changed.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(verified, null)[..^".verified".Length] + ".received.txt"));

        // On CI the variable is ignored: still failing, nothing accepted.
        var onCi = await TestAsync(project, build: false, new() { ["FLUXBATCH_ACCEPT"] = "1", ["CI"] = "true" });
        Assert.NotEqual(0, onCi.ExitCode);
        Assert.DoesNotContain("steps=40", await File.ReadAllTextAsync(verified), StringComparison.Ordinal);

        var accepted = await TestAsync(project, build: false, new() { ["FLUXBATCH_ACCEPT"] = "1", ["CI"] = null });
        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Contains("steps=40", await File.ReadAllTextAsync(verified), StringComparison.Ordinal);

        var after = await TestAsync(project, build: false);
        Assert.True(after.ExitCode == 0, after.Output);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private async Task<ProcessResult> TestAsync(string project, bool build, Dictionary<string, string?>? environment = null)
    {
        environment ??= [];
        environment.TryAdd("CI", null);
        environment.TryAdd("FLUXBATCH_ACCEPT", null);
        string[] arguments = build ? ["test"] : ["test", "--no-build"];
        var result = await ProcessRunner.RunAsync("dotnet", arguments, project, StepTimeout, environment);
        output.WriteLine($"dotnet {string.Join(' ', arguments)}: exit {result.ExitCode}");
        return result with { Output = result.Output + result.Errors };
    }
}
