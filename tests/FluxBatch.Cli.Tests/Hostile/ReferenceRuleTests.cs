using FluxBatch.Cli.Tests.Support;
using Manifest_ = FluxBatch.Manifest.References;

namespace FluxBatch.Cli.Tests.Hostile;

/// <summary>
/// References are sent to the API, so only files the manifest's author meant are: regular image files whose real
/// path lies in the manifest's folder (or its git work tree, or an <c>--allow-references</c> folder), at most 20 MB.
/// Everything is refused at validate and before the first submit, with file:line:col and exit 2.
/// </summary>
public class ReferenceRuleTests
{
    private static string Manifest(string reference) => $$"""
        name: refs
        model: flux-2-pro
        references:
          - {{reference}}
        prompt: A poster from image 1
        defaults: { width: 512, height: 512 }
        """;

    private static readonly string Logo = Path.Combine(Fluxbatch.RepoRoot, "examples", "refs", "logo.png");

    private static async Task AssertRefusedAsync(TempFolder folder, string id, params string[] extra)
    {
        var validate = await Fluxbatch.RunAsync(folder.Path, "validate", "m.flux.yaml");
        Assert.Equal(2, validate.ExitCode);
        Assert.Matches($@"(?m)^m\.flux\.yaml:4:5: error {id}: ", validate.Stderr);

        var run = await Fluxbatch.RunAsync(folder.Path, ["run", "m.flux.yaml", .. extra]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error {id}:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator", run.Stdout, StringComparison.Ordinal); // nothing started, nothing sent
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "runs")));
    }

    [Fact]
    public async Task A_symlink_to_a_file_outside_the_folder_is_refused()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "refs"));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "refs", "a.png"), "/etc/hostname");
        folder.Write("m.flux.yaml", Manifest("refs/a.png"));

        await AssertRefusedAsync(folder, "FLUX4009");
    }

    [Fact]
    public async Task A_file_under_a_symlinked_folder_is_refused()
    {
        using var folder = new TempFolder();
        File.CreateSymbolicLink(Path.Combine(folder.Path, "refs"), "/etc");
        folder.Write("m.flux.yaml", Manifest("refs/hostname"));

        await AssertRefusedAsync(folder, "FLUX4009");
    }

    [Fact]
    public async Task A_path_climbing_out_is_refused()
    {
        using var folder = new TempFolder();
        folder.Write("m.flux.yaml", Manifest("../../../../../../../../etc/hostname"));

        await AssertRefusedAsync(folder, "FLUX4009");
    }

    [Fact]
    public async Task A_text_file_named_png_is_refused()
    {
        using var folder = new TempFolder();
        folder.Write("a.png", "not an image at all\n");
        folder.Write("m.flux.yaml", Manifest("a.png"));

        await AssertRefusedAsync(folder, "FLUX4011");
    }

    [Fact]
    public async Task A_png_header_claiming_absurd_dimensions_is_refused()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(Logo);
        bytes[16] = 0x7F; // width ~ 2 billion
        File.WriteAllBytes(Path.Combine(folder.Path, "a.png"), bytes);
        folder.Write("m.flux.yaml", Manifest("a.png"));

        await AssertRefusedAsync(folder, "FLUX4011");
    }

    [Fact]
    public async Task A_fifo_is_refused_without_hanging()
    {
        using var folder = new TempFolder();
        var fifo = Path.Combine(folder.Path, "a.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            await mkfifo.WaitForExitAsync();
        folder.Write("m.flux.yaml", Manifest("a.png"));

        await AssertRefusedAsync(folder, "FLUX4010");
    }

    [Fact]
    public async Task Dev_zero_is_refused_even_from_an_allowed_folder()
    {
        using var folder = new TempFolder();
        File.CreateSymbolicLink(Path.Combine(folder.Path, "a.png"), "/dev/zero");
        folder.Write("m.flux.yaml", Manifest("a.png"));

        var run = await Fluxbatch.RunAsync(folder.Path, "run", "m.flux.yaml", "--allow-references", "/dev");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error FLUX4010:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_20_MB_is_refused_naming_the_limit()
    {
        using var folder = new TempFolder();
        var big = Path.Combine(folder.Path, "a.png");
        using (var stream = File.Create(big))
        {
            stream.Write(File.ReadAllBytes(Logo));
            stream.SetLength(Manifest_.ReferenceRule.MaxBytes + 1);
        }
        folder.Write("m.flux.yaml", Manifest("a.png"));

        await AssertRefusedAsync(folder, "FLUX4010");
        var validate = await Fluxbatch.RunAsync(folder.Path, "validate", "m.flux.yaml");
        Assert.Contains("more than the limit of 20,971,520 (20 MB)", validate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_in_the_git_work_tree_above_the_manifest_is_allowed()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, ".git"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "shared"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "manifests"));
        File.Copy(Logo, Path.Combine(folder.Path, "shared", "logo.png"));
        folder.Write("manifests/m.flux.yaml", Manifest("../shared/logo.png"));

        var validate = await Fluxbatch.RunAsync(folder.Path, "validate", "manifests/m.flux.yaml");

        Assert.Equal(0, validate.ExitCode);
    }

    [Fact]
    public async Task Allow_references_admits_another_folder_for_run()
    {
        using var folder = new TempFolder();
        using var other = new TempFolder();
        File.Copy(Logo, Path.Combine(other.Path, "logo.png"));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "logo.png"), Path.Combine(other.Path, "logo.png"));
        folder.Write("m.flux.yaml", Manifest("logo.png"));

        var refused = await Fluxbatch.RunAsync(folder.Path, "run", "m.flux.yaml", "--out", "out", "--poll-interval", "0.01");
        var allowed = await Fluxbatch.RunAsync(folder.Path, "run", "m.flux.yaml", "--out", "out", "--poll-interval", "0.01", "--allow-references", other.Path);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "out"), "*.jpeg").Concat(Directory.GetFiles(Path.Combine(folder.Path, "out"), "*.png")));
    }
}
