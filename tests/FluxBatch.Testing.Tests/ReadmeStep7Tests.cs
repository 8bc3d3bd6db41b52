using System.Text;
using System.Text.RegularExpressions;
using FluxBatch.Testing.Tests.Support;
using Xunit.Abstractions;

namespace FluxBatch.Testing.Tests;

/// <summary>
/// README's step 7 as a new user follows it, from a copy of the repository as a fresh clone has it: its shell lines
/// run in order in one bash session (pack into a local feed, a test project outside the clone, restore from the feed,
/// build, test, accept, test), its XML goes into the project file and its C# into the file its first line names.
/// A line whose comment says it "fails" must fail; every other line must succeed. Slow (it packs and restores).
/// </summary>
public sealed partial class ReadmeStep7Tests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] PackageIds = ["fluxbatch.manifest", "fluxbatch.runtime", "fluxbatch.generator", "fluxbatch.testing", "fluxbatch.emulator", "fluxbatch.cli", "fluxbatch.cli.any", "fluxbatch.cli.linux-x64"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-readme-");

    [Fact]
    public async Task Step_7_works_from_a_fresh_clone_as_written()
    {
        var clone = await SourceCopy.CopyAsync(Path.Combine(_work.FullName, "fluxbatch"));
        var readme = await File.ReadAllTextAsync(Path.Combine(clone, "README.md"));
        var version = VersionProperty().Match(await File.ReadAllTextAsync(Path.Combine(clone, "Directory.Build.props"))).Groups[1].Value;
        var blocks = Blocks(Section(readme, "### 7."));
        Assert.Contains(blocks, b => b.Language == "sh" && b.Text.Contains($"--version {version}", StringComparison.Ordinal));

        var statusFile = Path.Combine(_work.FullName, "status.txt");
        var script = Script(blocks, statusFile, out var commands);
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "step7.sh"), script);

        // The packages this step packs carry the repository's version: keep NuGet's cache from answering with an older
        // build of it, before and after.
        ForgetCachedPackages(version);
        ProcessResult run;
        try
        {
            run = await ProcessRunner.RunAsync("bash", [Path.Combine(_work.FullName, "step7.sh")], clone, TimeSpan.FromMinutes(30),
                new Dictionary<string, string?> { ["CI"] = null, ["FLUXBATCH_ACCEPT"] = null });
        }
        finally
        {
            ForgetCachedPackages(version);
        }

        var log = run.Output + run.Errors;
        output.WriteLine(log.Length > 20_000 ? log[^20_000..] : log);
        var statuses = File.Exists(statusFile) ? (await File.ReadAllLinesAsync(statusFile)).Select(int.Parse).ToArray() : [];
        Assert.True(statuses.Length == commands.Count, $"ran {statuses.Length} of {commands.Count} commands\n{log}");
        for (var i = 0; i < commands.Count; i++)
        {
            Assert.True(commands[i].ExpectFailure == (statuses[i] != 0), $"`{commands[i].Line}` exited {statuses[i]}\n{log}");
        }

        // Every package the step promises is in the feed, at the repository's version.
        Assert.Equal(
            PackageIds.Select(id => $"{id}.{version}.nupkg").Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(clone, "artifacts"), "*.nupkg").Select(f => Path.GetFileName(f).ToLowerInvariant()).Order(StringComparer.Ordinal));

        var consumer = Path.Combine(_work.FullName, "poster-tests");
        Assert.True(File.Exists(Path.Combine(consumer, "PosterTests.Poster_for_the_quiet_ones.verified.txt")));
        // The generated test of the copied manifest accepted the same bytes the repository keeps beside the example.
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(clone, "examples", "poster-typography.flux.plan.verified.txt")),
            await File.ReadAllTextAsync(Path.Combine(consumer, "manifests", "poster-typography.flux.plan.verified.txt")));
        Assert.Contains("The Quiet Ones", await File.ReadAllTextAsync(Path.Combine(consumer, "PosterTests.Poster_for_the_quiet_ones.verified.txt")), StringComparison.Ordinal);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private sealed record Block(string Language, string Text);

    private sealed record Command(string Line, bool ExpectFailure);

    private static string Section(string readme, string heading)
    {
        var start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no section {heading}");
        var end = readme.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static List<Block> Blocks(string section) =>
        FencedBlock().Matches(section).Select(m => new Block(m.Groups[1].Value, m.Groups[2].Value)).ToList();

    /// <summary>One bash script: each shell line followed by recording its exit code; the XML and C# blocks as file edits.</summary>
    private string Script(List<Block> blocks, string statusFile, out List<Command> commands)
    {
        commands = [];
        var script = new StringBuilder("record() { echo \"$1\" >> '" + statusFile + "'; }\n");
        var n = 0;
        foreach (var block in blocks)
        {
            var snippet = Path.Combine(_work.FullName, $"snippet-{n++}");
            switch (block.Language)
            {
                case "sh":
                    foreach (var line in block.Text.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
                    {
                        var comment = line.IndexOf(" # ", StringComparison.Ordinal);
                        commands.Add(new Command(line, comment >= 0 && line[(comment + 3)..].TrimStart().StartsWith("fails", StringComparison.Ordinal)));
                        script.Append(line).Append("\nrecord $?\n");
                    }
                    break;
                case "xml":
                    // Into the project file, before its closing tag.
                    File.WriteAllText(snippet, block.Text);
                    commands.Add(new Command("(the XML into the project file)", false));
                    script.Append($"sed -i '/<\\/Project>/d' *.csproj && cat '{snippet}' >> *.csproj && echo '</Project>' >> *.csproj\nrecord $?\n");
                    break;
                case "csharp":
                    var name = CSharpFileName().Match(block.Text);
                    Assert.True(name.Success, "a C# block of step 7 must name its file on its first line: " + block.Text);
                    File.WriteAllText(snippet, block.Text);
                    commands.Add(new Command($"(the C# into {name.Groups[1].Value})", false));
                    script.Append($"cp '{snippet}' '{name.Groups[1].Value}'\nrecord $?\n");
                    break;
                default:
                    Assert.Fail($"step 7 has a ```{block.Language} block the test does not know how to follow");
                    break;
            }
        }
        return script.ToString();
    }

    private static void ForgetCachedPackages(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var folder = Path.Combine(cache, id, version);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"^```(\w+)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\A// (\S+\.cs)\n")]
    private static partial Regex CSharpFileName();

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionProperty();
}
