using System.Text.RegularExpressions;
using FluxBatch.Cli.Tests.Run;
using FluxBatch.Cli.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace FluxBatch.Cli.Tests.Scaling;

/// <summary>
/// examples/k8s and examples/github-actions are not run here, so they are kept valid by reading them: the fields that
/// make shards work (an Indexed Job with completions = parallelism = N; a matrix of N shards), folders that line up
/// between the shard step and the merge, and every fluxbatch command line accepted by the CLI's own parser (each is
/// run: `run` with --dry-run, `merge` against folders that do not exist, which must fail on the folders, not the flags).
/// </summary>
public sealed class ScalingExamplesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Example(params string[] parts) => Path.Combine([Fluxbatch.RepoRoot, "examples", .. parts]);

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => n is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? child
            : throw new Xunit.Sdk.XunitException($"no `{key}` in the YAML at {string.Join('.', path)}"));

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static string[] Args(YamlNode container) => ((YamlSequenceNode)At(container, "args")).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();

    private static string After(string[] args, string option) => args[Array.IndexOf(args, option) + 1];

    [Fact]
    public void The_kubernetes_example_is_an_indexed_job_of_n_shards_whose_folders_the_merge_job_joins()
    {
        var job = Load(Example("k8s", "shards-job.yaml"));
        Assert.Equal("Job", Text(job, "kind"));
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        var container = ((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single();
        var args = Args(container);
        var shards = int.Parse(After(args, "--shards"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(shards, int.Parse(Text(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(shards, int.Parse(Text(job, "spec", "parallelism"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("run", args[0]);
        // The only variable the args use is the one Kubernetes sets in an Indexed Job.
        Assert.All(Regex.Matches(string.Join(' ', args), @"\$\((\w+)\)").Select(m => m.Groups[1].Value), v => Assert.Equal("JOB_COMPLETION_INDEX", v));

        var merge = Load(Example("k8s", "merge-job.yaml"));
        var mergeArgs = Args(((YamlSequenceNode)At(merge, "spec", "template", "spec", "containers")).Children.Single());
        Assert.Equal("merge", mergeArgs[0]);
        var expected = Enumerable.Range(0, shards).Select(i => After(args, "--out").Replace("$(JOB_COMPLETION_INDEX)", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, mergeArgs.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)));
        Assert.DoesNotContain(After(mergeArgs, "--out"), expected);

        // Both Jobs mount the one ReadWriteMany claim the volume file makes.
        var claim = Load(Example("k8s", "volume.yaml"));
        Assert.Equal("ReadWriteMany", ((YamlScalarNode)((YamlSequenceNode)At(claim, "spec", "accessModes")).Children.Single()).Value);
        foreach (var document in new[] { job, merge })
            Assert.Equal(Text(claim, "metadata", "name"), Text(((YamlSequenceNode)At(document, "spec", "template", "spec", "volumes")).Children.Single(), "persistentVolumeClaim", "claimName"));
    }

    [Fact]
    public async Task The_kubernetes_command_lines_parse()
    {
        var job = Load(Example("k8s", "shards-job.yaml"));
        var args = Args(((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single());
        var merge = Load(Example("k8s", "merge-job.yaml"));
        var mergeArgs = Args(((YamlSequenceNode)At(merge, "spec", "template", "spec", "containers")).Children.Single());
        // The image holds examples/ at /work/examples and the volume at /runs: here, the repository and a temp folder.
        string Local(string arg) => arg.Replace("/work/examples", Example(), StringComparison.Ordinal).Replace("/runs", _temp.Path, StringComparison.Ordinal);

        var run = await CliProcess.RunAsync(_temp.Path, new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "0" },
            [.. args.Select(a => Local(a.Replace("$(JOB_COMPLETION_INDEX)", "0", StringComparison.Ordinal))), "--dry-run"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("shard 1/4", run.Output);

        await AssertMergeParsesAsync(mergeArgs.Select(Local).ToArray());
    }

    [Fact]
    public async Task The_github_actions_example_is_a_matrix_of_n_shards_uploaded_and_merged()
    {
        var workflow = Load(Example("github-actions", "poster-shards.yml"));
        var shardJob = At(workflow, "jobs", "shard");
        var matrix = ((YamlSequenceNode)At(shardJob, "strategy", "matrix", "shard")).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        var steps = ((YamlSequenceNode)At(shardJob, "steps")).Children;
        var runLine = Command(steps.Select(s => s is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("run"), out var r) ? ((YamlScalarNode)r).Value : null).Single(r => r is not null)!);
        var shardOption = After(runLine, "--shard"); // "{shard}/4"
        var count = int.Parse(shardOption.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), matrix);
        Assert.Equal(Shard, shardOption.Split('/')[0]);

        // Each shard uploads its --out folder; the merge job needs the shards and merges exactly those folders.
        var upload = steps.Single(s => Uses(s, "actions/upload-artifact"));
        Assert.Equal(After(runLine, "--out"), Matrix(Text(upload, "with", "path")));
        var mergeJob = At(workflow, "jobs", "merge");
        Assert.Equal("shard", ((YamlScalarNode)At(mergeJob, "needs")).Value);
        var mergeSteps = ((YamlSequenceNode)At(mergeJob, "steps")).Children;
        var download = mergeSteps.Single(s => Uses(s, "actions/download-artifact"));
        Assert.Equal("shard-*", Text(download, "with", "pattern"));
        var mergeLine = Command(mergeSteps.Select(s => s is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("run"), out var r) ? ((YamlScalarNode)r).Value : null).Single(r => r is not null)!);
        Assert.Equal("merge", mergeLine[0]);
        Assert.Equal(matrix.Select(k => After(runLine, "--out").Replace(Shard, k, StringComparison.Ordinal)),
            mergeLine.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)));
        // Artifacts are downloaded by name (shard-K) into runs/: the folder the merge reads.
        Assert.Equal("shard-" + Shard, Matrix(Text(upload, "with", "name")));
        Assert.Equal("runs", Text(download, "with", "path"));

        // The command lines parse: the shard run as a dry run (shard 2 of 4), the merge against absent folders.
        string Local(string arg) => arg.Replace(Shard, "2", StringComparison.Ordinal)
            .Replace("examples/", Example() + "/", StringComparison.Ordinal).Replace("runs/", _temp.Path + "/runs/", StringComparison.Ordinal)
            .Replace("fluxbatch-cache", Path.Combine(_temp.Path, "cache"), StringComparison.Ordinal);
        var run = await CliProcess.RunAsync(_temp.Path, null, [.. runLine.Select(Local), "--dry-run"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("shard 2/4", run.Output);
        await AssertMergeParsesAsync(mergeLine.Select(Local).ToArray());
    }

    private static bool Uses(YamlNode step, string action) =>
        step is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("uses"), out var uses)
        && ((YamlScalarNode)uses).Value!.StartsWith(action + "@", StringComparison.Ordinal);

    /// <summary>The matrix value in a workflow's text, as one token (the expression has spaces).</summary>
    private const string Shard = "{shard}";

    private static string Matrix(string text) => text.Replace("${{ matrix.shard }}", Shard, StringComparison.Ordinal);

    /// <summary>The arguments after <c>dotnet run --project runtime/FluxBatch.Cli --</c> (the README's way to run the CLI).</summary>
    private static string[] Command(string script)
    {
        const string Prefix = "dotnet run --project runtime/FluxBatch.Cli -- ";
        var line = script.Split('\n').Single(l => l.Contains(Prefix, StringComparison.Ordinal)).Trim();
        return Matrix(line[(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task AssertMergeParsesAsync(string[] args)
    {
        var merge = await CliProcess.RunAsync(_temp.Path, null, args);
        Assert.Equal(2, merge.ExitCode);
        Assert.Contains("no such run folder", merge.StdErr); // the folders are missing here; the flags were accepted
    }
}
