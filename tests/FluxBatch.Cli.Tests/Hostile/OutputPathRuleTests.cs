using FluxBatch.Cli.Tests.Support;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>
/// Every output path is rendered once before anything runs: two jobs sharing a file (also case-insensitively and
/// after handleize/downcase), the run's own files, a file that is another job's folder, and over-long segments are
/// refused at validate, plan and run with the template's position and the jobs named; nothing is sent.
/// </summary>
public class OutputPathRuleTests
{
    private static string Manifest(string file, string sweep = "color: [red]", int seeds = 2) => $$$"""
        name: paths
        model: flux-2-pro
        prompt: A {{ color }} kite
        defaults: { width: 512, height: 512 }
        sweep:
          grid:
            {{{sweep}}}
        seeds: { base: 1, count: {{{seeds}}} }
        output:
          file: "{{{file}}}"
        """;

    private static async Task<CliResult> AssertRefusedAsync(string manifest, string id)
    {
        using var folder = new TempFolder();
        folder.Write("m.flux.yaml", manifest);
        foreach (var command in new[] { "validate", "plan", "run" })
        {
            var result = await Fluxbatch.RunAsync(folder.Path, command, "m.flux.yaml");
            Assert.True(result.ExitCode == 2, $"{command} exited {result.ExitCode}: {result.Stderr}");
            Assert.Matches($@"(?m)^m\.flux\.yaml:10:9: error {id}: ", result.Stderr);
        }
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "runs")), "nothing may run");
        return await Fluxbatch.RunAsync(folder.Path, "validate", "m.flux.yaml");
    }

    [Fact]
    public async Task Two_seeds_writing_one_file_are_refused_naming_both_jobs()
    {
        var result = await AssertRefusedAsync(Manifest("same.png"), "FLUX4012");
        Assert.Contains("job 0 (id ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("and job 1 (id ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("color=red", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_equal_after_handleize_collide()
    {
        await AssertRefusedAsync(Manifest("{{ color | string.handleize }}.png", "color: [New York, new-york]", 1), "FLUX4012");
    }

    [Fact]
    public async Task Values_equal_but_for_case_collide()
    {
        var result = await AssertRefusedAsync(Manifest("{{ color }}.png", "color: [Red, red]", 1), "FLUX4012");
        Assert.Contains("equal but for letter case", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_equal_after_downcase_collide()
    {
        await AssertRefusedAsync(Manifest("{{ color | string.downcase }}.png", "color: [Red, RED]", 1), "FLUX4012");
    }

    [Theory]
    [InlineData("journal.db-wal")]
    [InlineData("journal.db")]
    [InlineData("Index.html")]
    [InlineData("run.lock")]
    [InlineData("run.json")]
    public async Task The_run_folders_own_files_are_reserved(string name)
    {
        await AssertRefusedAsync(Manifest(name, seeds: 1), "FLUX4013");
    }

    [Fact]
    public async Task A_file_that_is_another_jobs_folder_is_refused()
    {
        var result = await AssertRefusedAsync(Manifest("{{ color }}", "color: [x.png, x.png/y.png]", 1), "FLUX4014");
        Assert.Contains("`x.png`", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("`x.png/y.png`", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_segment_over_255_bytes_is_refused()
    {
        await AssertRefusedAsync(Manifest(new string('a', 251) + ".png", seeds: 1), "FLUX4015");
    }

    [Fact]
    public async Task Distinct_paths_pass()
    {
        using var folder = new TempFolder();
        folder.Write("m.flux.yaml", Manifest("{{ color }}-{{ seed }}.png", "color: [Red, blue]"));

        var result = await Fluxbatch.RunAsync(folder.Path, "validate", "m.flux.yaml");

        Assert.Equal(0, result.ExitCode);
    }
}
