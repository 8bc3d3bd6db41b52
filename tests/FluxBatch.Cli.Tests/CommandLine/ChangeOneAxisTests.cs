using System.Text.Json;
using FluxBatch.Cli.Tests.Run;
using FluxBatch.Execution;

namespace FluxBatch.Cli.Tests.CommandLine;

/// <summary>
/// README step 5, "change one axis value and run again", as written: the poster example, then the README's own
/// <c>--dry-run</c> and run lines. Along the way: the folder's spend and what is left in <c>plan</c> and in the run's
/// header, the dry run's forecast (and that it sends and writes nothing), and the run's piped output.
/// </summary>
public sealed class ChangeOneAxisTests : IDisposable
{
    private const string Manifest = "examples/poster-typography.flux.yaml";
    private readonly ExamplesCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public async Task Change_one_axis_and_run_again_works_as_the_README_says()
    {
        var fresh = await Fluxbatch("run", Manifest, "--dry-run");
        Assert.True(fresh.ExitCode == 0, fresh.Output);
        Assert.Matches(@"to submit\s+56\s+estimate \$4\.396", fresh.StdOut);
        Assert.Contains("$0.00 spent, $10.00 left", fresh.StdOut);
        Assert.False(Directory.Exists(_copy.PosterRuns), "a dry run created the run folder");

        var first = await Fluxbatch("run", Manifest);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("budget $10.00 for the run folder (all its runs): $0.00 spent, $10.00 left", first.StdOut);
        PipedOutputIsWhole(first.StdOut, downloaded: 56, total: 56);

        var (dryRun, run) = ReadmeCommands();
        var plan = await Fluxbatch(["plan", .. dryRun.Skip(1).Where(a => a != "--dry-run")]);
        Assert.True(plan.ExitCode == 0, plan.Output);
        Assert.Contains("run folder runs/poster-typography: 36 done, 20 to submit (estimate $1.57)", plan.StdOut);
        Assert.Contains("budget $10.00 for the run folder (all its runs): $4.396 spent, $5.604 left", plan.StdOut);

        var rowsBefore = await JournalRowsAsync();
        var preview = await Fluxbatch(dryRun);
        Assert.True(preview.ExitCode == 0, preview.Output);
        Assert.Matches(@"already done\s+36", preview.StdOut);
        Assert.Matches(@"to submit\s+20\s+estimate \$1\.57", preview.StdOut);
        Assert.Matches(@"to poll\s+0", preview.StdOut);
        Assert.Matches(@"in doubt\s+0", preview.StdOut);
        Assert.Matches(@"total in plan\s+56", preview.StdOut);
        Assert.Contains("$4.396 spent, $5.604 left", preview.StdOut);
        Assert.Contains("all 20 submits fit the budget left", preview.StdOut);
        Assert.Equal(rowsBefore, await JournalRowsAsync()); // nothing written
        Assert.Equal(56, Images());

        // The issue's case: the old $5 budget. The dry run says the run would stop after 7 of the 20, and exits 3.
        var tight = await Fluxbatch([.. dryRun, "--budget", "5"]);
        Assert.True(tight.ExitCode == 3, tight.Output);
        Assert.Contains("only 7 of 20 submits fit the budget left", tight.StdOut);

        var second = await Fluxbatch(run);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("$4.396 spent, $5.604 left", second.StdOut);
        Assert.Matches(@"│ downloaded now\s+│\s+20 │", second.StdOut);
        Assert.Matches(@"│ already done\s+│\s+36 │", second.StdOut);
        Assert.Matches(@"│ submissions\s+│\s+20 │", second.StdOut);
        Assert.Equal(76, Images());
    }

    /// <summary>The last progress line is the final count; the summary has no empty header row; paths are whole lines.</summary>
    private void PipedOutputIsWhole(string stdout, int downloaded, int total)
    {
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith($"progress: {downloaded}/{total} done · 0 in flight", lines.Last(l => l.StartsWith("progress: ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Length > 0 && l.Trim('│', ' ').Length == 0);
        var page = Path.Combine(_copy.PosterRuns, "index.html");
        Assert.True(page.Length + "Contact sheet: ".Length > 80, "the path must be long enough to have wrapped at 80 columns");
        Assert.Contains("Contact sheet: " + page, lines);
        Assert.Contains("run folder: " + _copy.PosterRuns, lines);
    }

    /// <summary>README step 5's two commands that change the axis with --set, split as a shell would.</summary>
    private static (string[] DryRun, string[] Run) ReadmeCommands()
    {
        var readme = File.ReadAllLines(Path.Combine(Support.Fluxbatch.RepoRoot, "README.md"));
        var commands = readme.SkipWhile(l => !l.StartsWith("### 5.", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("### 6.", StringComparison.Ordinal))
            .Where(l => l.StartsWith("fluxbatch run ", StringComparison.Ordinal) && l.Contains("--set", StringComparison.Ordinal))
            .Select(ShellWords)
            .ToList();
        Assert.Equal(2, commands.Count);
        return (commands.Single(c => c.Contains("--dry-run")), commands.Single(c => !c.Contains("--dry-run")));
    }

    /// <summary>Words of a README line without the leading <c>fluxbatch</c> and the trailing comment; single quotes group.</summary>
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == '#' && !quoted && word.Length == 0)
            {
                break;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (word.Length > 0 || any)
                    words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }
        if (word.Length > 0)
            words.Add(word.ToString());
        return words.Skip(1).ToArray();
    }

    private Task<CliResult> Fluxbatch(params string[] args) => CliProcess.RunAsync(_copy.Root, null, args);

    private int Images() => RunTestSupport.ImagesIn(_copy.PosterRuns);

    private async Task<long> JournalRowsAsync()
    {
        await using var journal = RunJournal.Open(_copy.PosterRuns);
        return journal.CountByState().Values.Sum();
    }
}
