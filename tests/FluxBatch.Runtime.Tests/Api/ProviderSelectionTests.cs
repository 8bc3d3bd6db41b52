using FluxBatch.Api;

namespace FluxBatch.Runtime.Tests.Api;

/// <summary>Which host a run talks to: <c>--base-url</c>, <c>--region</c>, <c>BFL_BASE_URL</c>, the manifest's region, the global host.</summary>
public sealed class ProviderSelectionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static readonly Func<string, string?> BflKey = Env(("BFL_API_KEY", "k-0123456789abcdef"));

    /// <summary>BFL's documented hosts (black-forest-labs/skills, bfl-api/SKILL.md, "Base Endpoints").</summary>
    [Theory]
    [InlineData("global", "https://api.bfl.ai/")]
    [InlineData("eu", "https://api.eu.bfl.ai/")]
    [InlineData("us", "https://api.us.bfl.ai/")]
    [InlineData("EU", "https://api.eu.bfl.ai/")]
    public void A_region_maps_to_BFLs_host(string region, string host)
    {
        Assert.Equal(host, ProviderSelector.Choose("bfl", null, null, BflKey, cliRegion: region).BaseUrl!.ToString());
        Assert.Equal(host, ProviderSelector.Choose("bfl", null, null, BflKey, manifestRegion: region.ToLowerInvariant()).BaseUrl!.ToString());
    }

    [Fact]
    public void The_command_line_region_wins_over_the_environment_which_wins_over_the_manifest()
    {
        var withBase = Env(("BFL_API_KEY", "k-0123456789abcdef"), ("BFL_BASE_URL", "https://api.us.bfl.ai"));

        Assert.Equal("https://api.eu.bfl.ai/", ProviderSelector.Choose("bfl", null, null, withBase, cliRegion: "eu", manifestRegion: "us").BaseUrl!.ToString());
        Assert.Equal("https://api.us.bfl.ai/", ProviderSelector.Choose("bfl", null, null, withBase, manifestRegion: "eu").BaseUrl!.ToString());
        Assert.Equal("https://api.eu.bfl.ai/", ProviderSelector.Choose(null, "bfl", null, BflKey, manifestRegion: "eu").BaseUrl!.ToString());
        Assert.Equal("https://api.bfl.ai/", ProviderSelector.Choose("bfl", null, null, BflKey).BaseUrl!.ToString());
    }

    [Fact]
    public void A_region_with_a_base_url_or_another_provider_is_refused()
    {
        Assert.Throws<ProviderConfigurationException>(() => ProviderSelector.Choose("bfl", null, "http://127.0.0.1:1", BflKey, cliRegion: "eu"));
        Assert.Throws<ProviderConfigurationException>(() =>
            ProviderSelector.Choose("comet", null, null, Env(("COMETAPI_KEY", "k-0123456789abcdef")), cliRegion: "eu"));
        Assert.Throws<ProviderConfigurationException>(() => ProviderSelector.Choose("bfl", null, null, BflKey, cliRegion: "asia"));
    }

    [Fact]
    public void CometAPIs_default_host_gets_the_flux_prefix_once()
    {
        var choice = ProviderSelector.Choose("comet", null, null, Env(("COMETAPI_KEY", "k-0123456789abcdef")));
        using var provider = ProviderSelector.Create(choice, choice.BaseUrl!);

        Assert.Equal("https://api.cometapi.com/", choice.BaseUrl!.ToString());
        Assert.Equal("https://api.cometapi.com/flux/v1/flux-2-flex", new CometDialect(choice.BaseUrl!).SubmitUri("flux-2-flex").ToString());
        Assert.Equal("https://api.cometapi.com/flux/v1/flux-2-flex", new CometDialect(new Uri("https://api.cometapi.com/flux")).SubmitUri("flux-2-flex").ToString());
    }
}
