using FluxBatch.Manifest;

namespace FluxBatch.Manifest.Tests;

/// <summary><c>provider: bfl</c> or the block <c>provider: { name, region }</c>, a region being one of BFL's hosts.</summary>
public sealed class ProviderBlockTests
{
    [Theory]
    [InlineData("provider: bfl", "bfl", null)]
    [InlineData("provider: { name: bfl, region: eu }", "bfl", "eu")]
    [InlineData("provider: { region: us }", "bfl", "us")]
    [InlineData("provider: { name: comet }", "comet", null)]
    public void The_provider_is_a_name_or_a_block_with_a_region(string line, string provider, string? region)
    {
        var read = ManifestReader.Read("p.flux.yaml", $"model: flux-2-flex\nprompt: hi\n{line}\n");

        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        Assert.Equal(provider, read.Manifest.Provider);
        Assert.Equal(region, read.Manifest.Region);
    }

    [Theory]
    [InlineData("provider: { name: bfl, region: asia }", "`provider.region` must be one of global | eu | us")]
    [InlineData("provider: { name: comet, region: eu }", "regions are BFL's hosts")]
    [InlineData("provider: { name: bfl, host: x }", "host")]
    public void A_bad_region_is_refused_at_its_position(string line, string message)
    {
        var read = ManifestReader.Read("p.flux.yaml", $"model: flux-2-flex\nprompt: hi\n{line}\n");

        Assert.Null(read.Manifest);
        var error = Assert.Single(read.Diagnostics, d => d.IsError);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Position.Line);
    }
}
