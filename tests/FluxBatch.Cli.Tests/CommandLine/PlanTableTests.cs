using FluxBatch.Cli.Tests.Run;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary><c>fluxbatch plan</c>'s table, as printed: 80 columns, short ids whole, swept values as columns, the prompt once.</summary>
public sealed class PlanTableTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RunFixture.ExamplesFolder(), "*.flux.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_line_fits_80_columns_and_no_id_or_word_is_split(string example)
    {
        var result = await CliProcess.RunAsync(RunFixture.ExamplesFolder(), null, ["plan", example]);

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        var header = lines.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*#\s+id\s"));
        Assert.True(header > 0, result.StdOut);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.Length > 0 && !l.StartsWith('…') && !l.Contains(" jobs (", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches(@"^\s*\d+  [0-9a-f]{8,}  ", r)); // one line per job, its short id whole
        Assert.Single(lines, l => l.StartsWith("prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_poster_shows_each_swept_axis_as_a_column_and_its_prompt_template_once()
    {
        var result = await CliProcess.RunAsync(RunFixture.ExamplesFolder(), null, ["plan", "poster-typography.flux.yaml", "--limit", "3"]);

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("prompt (varies with font): A minimalist concert poster", lines[0]);
        Assert.Matches(@"^\s*#\s+id\s+font\s+steps\s+guidance\s+seed #k\s+estimate$", lines.Single(l => l.TrimStart().StartsWith("#  id", StringComparison.Ordinal)));
        Assert.Matches(@"^0\s+[0-9a-f]{8}\s+condensed sans-serif\s+12\s+2\.5\s+\d+ #1\s+\$0\.0785$", lines.Single(l => l.StartsWith("0 ", StringComparison.Ordinal)));
        Assert.Contains("seeds: 2 seeds, shared by all 28 combinations", lines);
    }

    [Fact]
    public async Task A_prompt_that_does_not_vary_is_shown_once_rendered()
    {
        var result = await CliProcess.RunAsync(RunFixture.ExamplesFolder(), null, ["plan", "seeded-16.flux.yaml"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("prompt: A lighthouse on a basalt cliff", result.StdOut);
        Assert.DoesNotContain("{{", result.StdOut);
    }
}
