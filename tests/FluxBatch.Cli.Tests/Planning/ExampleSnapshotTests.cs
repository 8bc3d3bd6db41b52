using FluxBatch.Cli.Tests.Support;
using FluxBatch.Manifest;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Tests.Planning;

/// <summary>
/// Every example's full plan equals its committed <c>*.plan.verified.txt</c>: ids, seeds, prompts, costs and
/// output paths are part of what a user relies on, so any change to them must be accepted on purpose
/// (<c>fluxbatch plan FILE --accept</c>).
/// </summary>
public class ExampleSnapshotTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Fluxbatch.RepoRoot, "examples"), "*.flux.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void There_are_at_least_five_examples()
    {
        Assert.True(Examples().Count >= 5);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_plan_matches_its_verified_snapshot(string example)
    {
        var path = Path.Combine(Fluxbatch.RepoRoot, "examples", example);
        var read = ManifestReader.ReadFile(path);
        Assert.DoesNotContain(read.Diagnostics, d => d.IsError);

        var plan = Plan.Create(read.Manifest!);
        var verifiedPath = Path.ChangeExtension(path, null) + ".plan.verified.txt";

        Assert.False(plan.IsRefused);
        Assert.True(File.Exists(verifiedPath), $"missing {verifiedPath}");
        var verified = File.ReadAllText(verifiedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(verified, plan.ToSnapshotText());
    }
}
