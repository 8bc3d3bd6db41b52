using FluxBatch.Cli.Tests.Run;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary>
/// Every command refuses what it does not know (an unknown option, a stray argument) with exit 2 and a
/// did-you-mean, before doing anything. The commands, their arguments and options are read from the CLI's own
/// help, so a command registered later is covered without editing this file.
/// </summary>
public sealed class StrictParsingTests : IDisposable
{
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string> Commands() => HelpText.CommandNames();

    [Fact]
    public void The_help_lists_the_commands_this_test_knows_it_must_cover() =>
        Assert.Superset(new HashSet<string> { "validate", "plan", "run", "status", "gallery", "schema", "emulator" },
            HelpText.Commands.Select(c => c.Name).ToHashSet());

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_unknown_option_exits_2_naming_it_and_nothing_runs(string command)
    {
        var result = await InEmptyFolder([command, .. Arguments(command), "--bogus"]);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains($"error: {command}: unknown option --bogus", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_stray_argument_exits_2_naming_it_and_nothing_runs(string command)
    {
        if (HelpText.Of(command).Arguments.LastOrDefault() is { } last && last.EndsWith("S>", StringComparison.Ordinal))
            return; // a plural argument (validate <FILES>) takes every further word: there is no stray one
        var result = await InEmptyFolder([command, .. Arguments(command), "stray-word"]);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains($"error: {command}: unexpected argument 'stray-word'", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_misspelt_option_exits_2_with_did_you_mean(string command)
    {
        // Each of the command's own options, with its last letter dropped, is suggested back.
        var options = HelpText.Of(command).Options;
        foreach (var option in options.Where(o => o != "--help"))
        {
            // `--shards` less its last letter is `--shard`, a real option: that one is misspelt by its first letter instead.
            var typo = options.Contains(option[..^1]) ? "--" + option[3..] : option[..^1];
            var result = await InEmptyFolder([command, .. Arguments(command), typo]);

            Assert.True(result.ExitCode == 2, result.Output);
            Assert.Contains($"unknown option {typo}; did you mean {option}?", result.StdErr);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_suggested()
    {
        var result = await InEmptyFolder(["statsu", "runs/x"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'statsu'; did you mean status?", result.StdErr);
    }

    [Fact]
    public async Task A_misspelt_dry_run_never_runs_the_batch()
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);

        var result = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), RunArgs(manifest, null, "--dry-rn"));

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("unknown option --dry-rn; did you mean --dry-run?", result.StdErr);
        Assert.False(Directory.Exists(_fixture.RunDir), "a run folder was created");
        Assert.DoesNotContain("emulator", result.StdOut);
    }

    [Fact]
    public async Task An_option_without_its_value_says_so()
    {
        var manifest = _fixture.WriteManifest(["cube"], seeds: 1);

        var result = await CliProcess.RunAsync(_fixture.Folder, EmulatorKey(), ["run", manifest, "--concurrency"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run: option --concurrency needs a value", result.StdErr);
        Assert.False(Directory.Exists(_fixture.RunDir));
    }

    /// <summary>A word for each of the command's required arguments (the parse fails before any is looked at).</summary>
    private static string[] Arguments(string command) => HelpText.Of(command).Arguments.Select(_ => "x").ToArray();

    /// <summary>Runs in an empty folder and checks it is still empty afterwards: nothing ran.</summary>
    private async Task<CliResult> InEmptyFolder(string[] args)
    {
        var folder = Path.Combine(_fixture.Folder, "empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var result = await CliProcess.RunAsync(folder, EmulatorKey(), args);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        return result;
    }
}

/// <summary>One mistake, one error, as the user sees it: the misspelt axis is reported, the right names elsewhere are not.</summary>
public sealed class OneMistakeOneErrorTests
{
    [Theory]
    [InlineData("    guidance: {", "    guidence: {", "error FLUX3012: Sweep axis `guidence`")]
    [InlineData("    steps: [12, 24, 50]", "    steps: [12, 24, 80]", "error FLUX1008: `steps` is 80")]
    [InlineData("    steps: [12, 24, 50]", "    steps: 80", "error FLUX1004: `steps` must be a list")]
    public async Task A_broken_axis_is_the_only_error(string line, string mistake, string error)
    {
        using var folder = new Support.TempFolder();
        var example = File.ReadAllText(Path.Combine(RunFixture.ExamplesFolder(), "poster-typography.flux.yaml"));
        Assert.Contains(line, example);
        var poster = example.Replace(line, mistake);
        folder.Write("poster.flux.yaml", poster);

        var result = await CliProcess.RunAsync(folder.Path, null, ["validate", "poster.flux.yaml"]);

        Assert.Equal(2, result.ExitCode);
        var errors = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(errors.Length == 1, result.StdErr);
        Assert.Contains(error, errors[0]);
    }
}
