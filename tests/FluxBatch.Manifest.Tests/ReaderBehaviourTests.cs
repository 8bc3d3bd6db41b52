using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Tests;

public sealed class ReaderBehaviourTests
{
    private sealed class FakeFiles(params string[] existing) : IManifestFileSystem
    {
        public List<string> Asked { get; } = new();

        public bool FileExists(string fullPath)
        {
            Asked.Add(fullPath);
            return existing.Contains(fullPath);
        }
    }

    [Fact]
    public void Reference_existence_comes_from_the_given_file_system()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fluxbatch-fake");
        var files = new FakeFiles(Path.Combine(folder, "refs", "a.png"));

        var result = ManifestReader.Read(Path.Combine(folder, "m.flux.yaml"), "prompt: edit\nreferences: [refs/a.png, refs/b.png]\n", files);

        Assert.Equal(new[] { Path.Combine(folder, "refs", "a.png"), Path.Combine(folder, "refs", "b.png") }, files.Asked);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("FLUX4004", 2, 26), (error.Id, error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void A_missing_file_is_a_diagnostic_not_an_exception()
    {
        var result = ManifestReader.ReadFile(Path.Combine(Path.GetTempPath(), "no-such-dir-fluxbatch", "x.flux.yaml"));

        Assert.Null(result.Manifest);
        Assert.Equal("FLUX1001", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Size_in_defaults_becomes_width_and_height()
    {
        var spec = ManifestReader.Read("s.flux.yaml", "prompt: hi\ndefaults: { size: 1536x1024 }\n").Manifest!;

        Assert.Equal(new[] { ("width", 1536L), ("height", 1024L) }, spec.Defaults.Select(d => (d.Key, ((IntegerValue)d.Value).Value)));
    }

    [Fact]
    public void Var_axis_ranges_keep_integers_integer_and_decimals_exact()
    {
        var spec = ManifestReader.Read("r.flux.yaml", "prompt: \"{{ n }} {{ x }}\"\nsweep:\n  grid:\n    n: { from: 1, to: 3, step: 1 }\n    x: { from: 0.1, to: 0.3, step: 0.1 }\n").Manifest!;

        Assert.All(spec.Sweep.Grid[0].Values, v => Assert.IsType<IntegerValue>(v));
        Assert.Equal(new[] { 0.1m, 0.2m, 0.3m }, spec.Sweep.Grid[1].Values.Cast<NumberValue>().Select(v => v.Value));
    }

    [Fact]
    public void Merge_keys_keep_explicit_keys_and_their_place()
    {
        var spec = ManifestReader.Read("m.flux.yaml", "prompt: hi\ndefaults:\n  steps: 20\n  <<: { width: 512, steps: 40 }\n  height: 512\n").Manifest!;

        Assert.Equal(new[] { "steps", "width", "height" }, spec.Defaults.Select(d => d.Key));
        Assert.Equal(20L, ((IntegerValue)spec.Defaults[0].Value).Value);
    }

    [Fact]
    public void Seeds_warning_when_upsampling_is_swept_on()
    {
        var result = ManifestReader.Read("w.flux.yaml", "prompt: hi\nseeds: { count: 2 }\nsweep:\n  grid: { prompt_upsampling: [false, true] }\n");

        Assert.NotNull(result.Manifest);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("FLUX3008", 4, 38), (warning.Id, warning.Position.Line, warning.Position.Column));
    }

    [Fact]
    public void Explicit_upsampling_off_gives_no_warning() =>
        Assert.Empty(ManifestReader.Read("w.flux.yaml", "prompt: hi\nseed: 1\ndefaults: { prompt_upsampling: false }\n").Diagnostics);

    [Fact]
    public void Huge_sweep_with_a_budget_is_accepted()
    {
        var result = ManifestReader.Read("h.flux.yaml", "prompt: hi\nbudget: { max_usd: 100 }\nsweep:\n  grid:\n    steps: { from: 1, to: 50, step: 1 }\n    safety_tolerance: [0, 1, 2, 3, 4, 5]\n    guidance: [2, 3, 4, 5]\n");

        Assert.NotNull(result.Manifest);
        Assert.Empty(result.Diagnostics);
    }
}
