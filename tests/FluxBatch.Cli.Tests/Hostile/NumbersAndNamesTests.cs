using FluxBatch.Cli.Tests.Support;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>Numbers beyond what the engine holds are errors with positions, never crashes; user text in diagnostics is escaped.</summary>
public class NumbersAndNamesTests
{
    [Theory]
    [InlineData("defaults: { width: 4294967296 }", "4:20")]
    [InlineData("sweep: { grid: { width: [4294967296, 512] } }", "4:26")]
    [InlineData("sweep: { grid: { width: { from: 4294967296, to: 4294967312, step: 16 } } }", "4:25")]
    public async Task A_side_beyond_32_bits_is_an_error_at_validate_and_plan_not_a_crash(string line, string position)
    {
        using var folder = new TempFolder();
        folder.Write("w.flux.yaml", $"name: t\nmodel: flux-2-flex\nprompt: A kite\n{line}\n");

        foreach (var command in new[] { "validate", "plan" })
        {
            var result = await Fluxbatch.RunAsync(folder.Path, command, "w.flux.yaml");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"w.flux.yaml:{position}: error FLUX1008: `width` is 4294967296, but must be from 64 to 65,536", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Int32", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_sweep_beyond_2_to_the_63_says_more_than_not_a_saturated_number()
    {
        using var folder = new TempFolder();
        var axes = string.Concat("abcdef".Select(x => $"    {x}: {{ from: 1, to: 10000, step: 1 }}\n"));
        folder.Write("big.flux.yaml", "name: t\nmodel: flux-2-pro\nprompt: A {{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }}\nsweep:\n  grid:\n" + axes + "budget: { max_usd: 5 }\n");

        var result = await Fluxbatch.RunAsync(folder.Path, "validate", "big.flux.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error FLUX3014: The sweep plans more than 9.2 × 10^18 jobs", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("9,223,372,036,854,775,807", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nul_and_newlines_in_names_are_escaped_so_each_diagnostic_stays_one_line()
    {
        using var folder = new TempFolder();
        // A forged second diagnostic hidden in a var name: printed raw it would look like a real error line.
        folder.Write("n.flux.yaml", "name: \"bad\\0name\"\nmodel: flux-2-pro\nprompt: A kite\nvars:\n  \"x\\nn.flux.yaml:1:1: error FLUX0000: forged\": 1\n");

        var result = await Fluxbatch.RunAsync(folder.Path, "validate", "n.flux.yaml");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^n\.flux\.yaml:\d+:\d+: (error|warning) FLUX\d{4}: ", l));
        Assert.DoesNotContain(lines, l => l.Contains("FLUX0000", StringComparison.Ordinal) && l.StartsWith("n.flux.yaml:1:1: error FLUX0000", StringComparison.Ordinal));
        Assert.Contains("bad\\0name", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("x\\nn.flux.yaml:1:1", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", result.Stderr, StringComparison.Ordinal);
    }
}
