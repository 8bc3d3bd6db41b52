using System.Text.RegularExpressions;
using FluxBatch.Cli.Tests.Run;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary>
/// What <c>fluxbatch --help</c> and <c>fluxbatch COMMAND --help</c> say, parsed: the commands, each one's arguments,
/// options and examples. Tests built on it cover a new command the moment it is registered.
/// </summary>
internal static partial class HelpText
{
    public sealed record CommandHelp(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<string> Options, IReadOnlyList<string[]> Examples);

    private static readonly Lazy<IReadOnlyList<CommandHelp>> All = new(Read);

    public static IReadOnlyList<CommandHelp> Commands => All.Value;

    public static CommandHelp Of(string command) => Commands.Single(c => c.Name == command);

    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (var command in Commands)
            data.Add(command.Name);
        return data;
    }

    private static IReadOnlyList<CommandHelp> Read()
    {
        var root = Help("--help");
        return Section(root, "COMMANDS")
            .Select(line => CommandRow().Match(line))
            .Where(m => m.Success)
            .Select(m => Describe(m.Groups[1].Value))
            .ToList();
    }

    private static CommandHelp Describe(string name)
    {
        var help = Help(name, "--help");
        var usage = Section(help, "USAGE").First();
        var arguments = Placeholder().Matches(usage).Select(m => m.Value).ToList();
        var options = Section(help, "OPTIONS").Select(l => OptionRow().Match(l)).Where(m => m.Success).Select(m => "--" + m.Groups[1].Value).ToList();
        // Up to the blank line: an example wrapped at 80 columns would show here as a line of its own, and fail.
        var exampleLines = help.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != "EXAMPLES:").Skip(1).TakeWhile(l => l.Trim().Length > 0).ToList();
        Assert.All(exampleLines, l => Assert.True(l.StartsWith("    fluxbatch ", StringComparison.Ordinal), $"{name} --help: an example does not fit 80 columns: '{l}'"));
        var examples = exampleLines.Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]).ToList();
        return new CommandHelp(name, arguments, options, examples);
    }

    /// <summary>The lines under <c>TITLE:</c> up to the next title.</summary>
    private static IEnumerable<string> Section(string help, string title) =>
        help.Split('\n').Select(l => l.TrimEnd('\r'))
            .SkipWhile(l => l != title + ":").Skip(1)
            .TakeWhile(l => l.Length == 0 || l.StartsWith(' '))
            .Where(l => l.Trim().Length > 0);

    private static string Help(params string[] args)
    {
        var result = CliProcess.RunAsync(Path.GetTempPath(), null, args).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.Output);
        return result.StdOut;
    }

    [GeneratedRegex(@"^    ([a-z][a-z-]*)\b")]
    private static partial Regex CommandRow();

    [GeneratedRegex(@"<[A-Z_]+>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\s+(?:-\w, )?--([a-z][a-z-]*)")]
    private static partial Regex OptionRow();
}

/// <summary>A copy of the repository's <c>examples/</c> (without runs) in a temporary folder, to run commands as the README shows them.</summary>
public sealed class ExamplesCopy : IDisposable
{
    public ExamplesCopy()
    {
        Copy(RunFixture.ExamplesFolder(), Path.Combine(Root, "examples"));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "fluxbatch-cli-tests", Guid.NewGuid().ToString("N"));

    public string Examples => Path.Combine(Root, "examples");

    public string PosterRuns => Path.Combine(Examples, "runs", "poster-typography");

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("runs" or "bin" or "obj")))
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
