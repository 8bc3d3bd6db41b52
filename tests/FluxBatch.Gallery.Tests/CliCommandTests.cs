using System.Text.RegularExpressions;
using FluxBatch.Gallery.Tests.Support;
using FluxBatch.Manifest.Schema;

namespace FluxBatch.Gallery.Tests;

/// <summary>The gallery and schema commands, and the help of every command, through the real CLI.</summary>
public sealed class CliCommandTests
{
    [Fact]
    public async Task Schema_prints_the_generated_schema()
    {
        var result = await Fluxbatch.RunAsync("schema");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ManifestSchema.ToJson(), result.Output);
    }

    [Fact]
    public async Task Gallery_of_a_missing_folder_is_invalid_input()
    {
        var result = await Fluxbatch.RunAsync("gallery", Path.Combine(Path.GetTempPath(), "no-such-run-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such run folder", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gallery_of_a_folder_without_a_recorded_manifest_asks_for_one()
    {
        var folder = Directory.CreateTempSubdirectory("fluxbatch-empty-run-");
        try
        {
            var result = await Fluxbatch.RunAsync("gallery", folder.FullName);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--manifest", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_command_has_help_with_an_example()
    {
        var root = await Fluxbatch.RunAsync("--help");
        var commands = Regex.Match(root.Output, @"COMMANDS:\s*\n(?<list>(.*\n?)*)").Groups["list"].Value
            .Split('\n').Select(line => Regex.Match(line, @"^    (?<name>[a-z][a-z-]*)\b")).Where(m => m.Success).Select(m => m.Groups["name"].Value).ToArray();
        Assert.Contains("gallery", commands);
        Assert.Contains("schema", commands);

        foreach (var command in commands)
        {
            var help = await Fluxbatch.RunAsync(command, "--help");
            Assert.Equal(0, help.ExitCode);
            var examples = Regex.Match(help.Output, @"EXAMPLES:\s*\n\s*fluxbatch " + Regex.Escape(command) + @"\b");
            Assert.True(examples.Success, $"`fluxbatch {command} --help` shows no example:\n{help.Output}");
        }
    }
}
