using FluxBatch.Manifest;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Tests;

/// <summary><c>cache: DIR</c> in the manifest: the shared cache of paid results (docs/scaling.md).</summary>
public sealed class CacheManifestTests
{
    private static ManifestReadResult Read(string yaml) => ManifestReader.Read("c.flux.yaml", yaml.ReplaceLineEndings("\n"));

    [Fact]
    public void Cache_names_a_folder_as_written()
    {
        var result = Read("prompt: A lighthouse\ncache: ../shared/fluxbatch-cache\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal("../shared/fluxbatch-cache", result.Manifest!.Cache);
        Assert.Null(Read("prompt: A lighthouse\n").Manifest!.Cache);
    }

    [Theory]
    [InlineData("cache: \"  \"", "FLUX1017", "`cache` must not be empty", 2, 8)]
    [InlineData("cache: 12", "FLUX1004", "`cache` must be text", 2, 8)]
    [InlineData("cache: [a, b]", "FLUX1004", "`cache` must be text", 2, 8)]
    [InlineData("cach: dir", "FLUX1003", "did you mean `cache`", 2, 1)]
    public void A_bad_cache_is_reported_at_its_value(string line, string id, string message, int row, int column)
    {
        var diagnostic = Assert.Single(Read("prompt: A lighthouse\n" + line + "\n").Diagnostics);

        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.Message);
        Assert.Equal((row, column), (diagnostic.Position.Line, diagnostic.Position.Column));
    }
}
