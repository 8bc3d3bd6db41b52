using System.Text.Json;
using FluxBatch.Cli.Tests.Support;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>
/// Templates give the same text on every machine: date functions in UTC with the invariant culture whatever TZ
/// and LANG say (job ids hash the prompt, so a resumed run elsewhere would pay again), and anything reaching the
/// clock or randomness is refused at validate with file:line:col.
/// </summary>
public class DeterminismTests
{
    private static async Task<(string Prompt, string Id)> PlanFirstJobAsync(string tz, string prompt)
    {
        using var folder = new TempFolder();
        folder.Write("t.flux.yaml", $"name: t\nmodel: flux-2-pro\nprompt: '{prompt}'\n");
        var result = await Fluxbatch.RunAsync(folder.Path, new Dictionary<string, string?> { ["TZ"] = tz, ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" },
            "plan", "t.flux.yaml", "--format", "jsonl");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var job = JsonDocument.Parse(result.Stdout.Split('\n')[0]);
        return (job.RootElement.GetProperty("prompt").GetString()!, job.RootElement.GetProperty("id").GetString()!);
    }

    [Theory]
    [InlineData("{{ date.parse \"2020-01-01T00:00:00\" | date.to_string \"%s\" }}", "1577836800")]
    [InlineData("{{ date.parse \"2020-01-01T00:00:00\" | date.to_string \"%z %Z\" }}", "+0000 UTC")]
    [InlineData("{{ date.parse \"2020-01-01T09:00:00+09:00\" | date.to_string \"%F %T\" }}", "2020-01-01 00:00:00")]
    [InlineData("{{ date.parse \"2020-03-01\" | date.add_days 1 | date.to_string \"%A %d %B %s\" }}", "Monday 02 March 1583107200")]
    public async Task Dates_render_the_same_under_every_time_zone_and_locale(string template, string expected)
    {
        var utc = await PlanFirstJobAsync("UTC", "A " + template);
        var tokyo = await PlanFirstJobAsync("Asia/Tokyo", "A " + template);
        var newYork = await PlanFirstJobAsync("America/New_York", "A " + template);

        Assert.Equal("A " + expected, utc.Prompt);
        Assert.Equal(utc, tokyo);
        Assert.Equal(utc, newYork);
    }

    [Theory]
    [InlineData("{{ date.now }}", "date.now", 22)]
    [InlineData("{{ x = date; x.now }}", "date", 26)]
    [InlineData("{{ date[\"now\"] }}", "date", 22)]
    [InlineData("{{ math.uuid }}", "math.uuid", 22)]
    [InlineData("{{ m = math; m.uuid }}", "math", 26)]
    public async Task Clock_and_randomness_are_refused_at_validate_with_their_position(string template, string name, int column)
    {
        using var folder = new TempFolder();
        folder.Write("t.flux.yaml", $"name: t\nmodel: flux-2-pro\nprompt: 'A poster {template}'\n");

        var result = await Fluxbatch.RunAsync(folder.Path, "validate", "t.flux.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"t.flux.yaml:3:{column}: error FLUX2005: `{name}` is not available", result.Stderr, StringComparison.Ordinal);
    }
}
