using System.Text.Json;
using FluxBatch.Cli.Tests.Support;

namespace FluxBatch.Cli.Tests.Planning;

/// <summary>End to end through the real <c>fluxbatch</c> executable: validate, plan, jsonl, snapshots.</summary>
public class PlanCommandTests
{
    private const string Valid = """
        name: tiny
        model: flux-2-flex
        prompt: "A {{ color }} kite over {{ place }}"
        vars:
          place: the dunes
        defaults:
          width: 512
          height: 512
          prompt_upsampling: false
        sweep:
          grid:
            color: [red, blue]
            steps: [10, 20]
        seeds: { base: 5, count: 2 }
        budget: { max_usd: 1.00 }
        output:
          file: "{{ color }}/s{{ steps }}-{{ seed }}.png"
        """;

    [Fact]
    public async Task Validate_prints_every_error_of_every_file_with_positions_and_exits_2()
    {
        using var folder = new TempFolder();
        folder.Write("good.flux.yaml", Valid);
        folder.Write("bad.flux.yaml", Valid.Replace("steps: [10, 20]", "stepz: [10, 20]").Replace("max_usd: 1.00", "max_usd: -1"));

        var result = await Fluxbatch.RunAsync(folder.Path, "validate", "good.flux.yaml", "bad.flux.yaml");

        Assert.Equal(2, result.ExitCode);
        var errors = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(errors, e => e.StartsWith("bad.flux.yaml:", StringComparison.Ordinal) && e.Contains(": error FLUX4001:", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Matches(@"^bad\.flux\.yaml:\d+:\d+: (error|warning) FLUX\d{4}: ", e));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_exits_0_for_valid_manifests()
    {
        using var folder = new TempFolder();
        folder.Write("good.flux.yaml", Valid);

        var result = await Fluxbatch.RunAsync(folder.Path, "validate", "good.flux.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task Plan_jsonl_writes_one_job_per_line_with_api_field_names_and_nothing_else()
    {
        using var folder = new TempFolder();
        folder.Write("tiny.flux.yaml", Valid);

        var result = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--format", "jsonl");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        var ids = new HashSet<string>();
        foreach (var line in lines)
        {
            using var job = JsonDocument.Parse(line);
            var root = job.RootElement;
            Assert.Equal(JsonValueKind.Number, root.GetProperty("steps").ValueKind);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("guidance").ValueKind);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("seed").ValueKind);
            Assert.False(root.GetProperty("prompt_upsampling").GetBoolean());
            Assert.Equal(512, root.GetProperty("width").GetInt32());
            Assert.Matches("^A (red|blue) kite over the dunes$", root.GetProperty("prompt").GetString());
            Assert.True(ids.Add(root.GetProperty("id").GetString()!));
            Assert.True(root.TryGetProperty("estimated_usd", out _));
            Assert.True(root.TryGetProperty("index", out _));
            Assert.EndsWith(".png", root.GetProperty("output_file").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("8 jobs", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_states_the_seed_policy_and_each_jobs_seed_ordinal()
    {
        using var folder = new TempFolder();
        folder.Write("tiny.flux.yaml", Valid);
        folder.Write("per-color.flux.yaml", Valid.Replace("seeds: { base: 5, count: 2 }", "seeds: { base: 5, count: 2, vary_with: [color] }", StringComparison.Ordinal));

        var table = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml");
        var jsonl = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--format", "jsonl");
        var perColor = await Fluxbatch.RunAsync(folder.Path, "plan", "per-color.flux.yaml");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("2 seeds, shared by all 4 combinations", Words(table.Stdout), StringComparison.Ordinal);
        Assert.Contains("2 seeds per value of color", Words(perColor.Stdout), StringComparison.Ordinal);
        var jobs = jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([1, 2, 1, 2, 1, 2, 1, 2], jobs.Select(j => j.GetProperty("seed_ordinal").GetInt32()));
        // Equal ordinals ran equal seeds: the seed column reads "SEED #k".
        var seedOf = jobs.GroupBy(j => j.GetProperty("seed_ordinal").GetInt32()).ToDictionary(g => g.Key, g => g.Select(j => j.GetProperty("seed").GetInt64()).Distinct().Single());
        Assert.Contains($"{seedOf[1]} #1", table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{seedOf[2]} #2", table.Stdout, StringComparison.Ordinal);
    }

    // The console wraps long lines at its width: compare words, not line breaks.
    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public async Task Plan_over_budget_shows_the_numbers_and_exits_3()
    {
        using var folder = new TempFolder();
        folder.Write("tiny.flux.yaml", Valid.Replace("max_usd: 1.00", "max_usd: 0.10"));

        var result = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml");

        Assert.Equal(3, result.ExitCode);
        Assert.Matches(@"tiny\.flux\.yaml:\d+:\d+: error FLUX4002: The plan's estimated cost \$0\.40 for 8 jobs exceeds the budget of \$0\.10", result.Stderr);
    }

    [Fact]
    public async Task Plan_check_without_snapshot_fails_then_accept_writes_it_and_check_passes()
    {
        using var folder = new TempFolder();
        folder.Write("tiny.flux.yaml", Valid);
        var verified = Path.Combine(folder.Path, "tiny.flux.plan.verified.txt");
        var received = Path.Combine(folder.Path, "tiny.flux.plan.received.txt");

        var first = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--check");
        Assert.Equal(1, first.ExitCode);
        Assert.True(File.Exists(received));
        Assert.False(File.Exists(verified));

        var accept = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--accept");
        Assert.Equal(0, accept.ExitCode);
        Assert.True(File.Exists(verified));
        Assert.False(File.Exists(received));

        var check = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--check");
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("plan matches", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_check_mismatch_writes_received_prints_a_diff_and_exits_1()
    {
        using var folder = new TempFolder();
        var manifest = folder.Write("tiny.flux.yaml", Valid);
        Assert.Equal(0, (await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--accept")).ExitCode);
        File.WriteAllText(manifest, Valid.Replace("the dunes", "the harbour"));

        var result = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("- ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+     A red kite over the harbour", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-     A red kite over the dunes", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the harbour", File.ReadAllText(Path.Combine(folder.Path, "tiny.flux.plan.received.txt")), StringComparison.Ordinal);
        Assert.DoesNotContain("the harbour", File.ReadAllText(Path.Combine(folder.Path, "tiny.flux.plan.verified.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_from_the_environment_is_ignored_on_ci()
    {
        using var folder = new TempFolder();
        folder.Write("tiny.flux.yaml", Valid);
        var verified = Path.Combine(folder.Path, "tiny.flux.plan.verified.txt");

        var onCi = await Fluxbatch.RunAsync(folder.Path, new Dictionary<string, string?> { ["FLUXBATCH_ACCEPT"] = "1", ["CI"] = "true" }, "plan", "tiny.flux.yaml", "--check");
        Assert.Equal(1, onCi.ExitCode);
        Assert.False(File.Exists(verified));

        var local = await Fluxbatch.RunAsync(folder.Path, new Dictionary<string, string?> { ["FLUXBATCH_ACCEPT"] = "1" }, "plan", "tiny.flux.yaml", "--check");
        Assert.Equal(0, local.ExitCode);
        Assert.True(File.Exists(verified));
    }

    [Fact]
    public async Task Bad_command_line_is_invalid_input_without_a_stack_trace()
    {
        using var folder = new TempFolder();
        folder.Write("tiny.flux.yaml", Valid);

        var result = await Fluxbatch.RunAsync(folder.Path, "plan", "tiny.flux.yaml", "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
