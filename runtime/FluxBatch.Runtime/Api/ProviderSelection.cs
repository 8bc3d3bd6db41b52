namespace FluxBatch.Api;

internal enum ProviderKind
{
    Bfl,
    Comet,
    Emulator,
}

/// <summary>
/// Which provider a run talks to, decided from the command line, the manifest and the environment.
/// <see cref="StartEmbeddedEmulator"/> means: no base URL yet, start the in-process emulator and use its URL.
/// </summary>
internal sealed record ProviderChoice(ProviderKind Kind, Uri? BaseUrl, ApiKey Key, bool StartEmbeddedEmulator, string Reason);

/// <summary>The provider asked for, before it is chosen (<see cref="FluxRuns.Prepare"/>): null fields are left to the manifest and the environment.</summary>
internal sealed record ProviderRequest(string? Name, string? BaseUrl, string? Region);

/// <summary>The environment variables a provider reads, by their official SDKs' names.</summary>
internal static class ProviderEnvironment
{
    public const string BflKey = "BFL_API_KEY";
    public const string BflBaseUrl = "BFL_BASE_URL";
    public const string CometKey = "COMETAPI_KEY";
    /// <summary>Key for an emulator started elsewhere (<c>fluxbatch emulator</c>); optional.</summary>
    public const string EmulatorKey = "FLUXBATCH_EMULATOR_KEY";
}

/// <summary>
/// Picks the provider. Order: <c>--provider</c>, then the manifest's <c>provider</c>, then whichever key is set
/// (BFL first), else the embedded emulator. A named provider without its key is an error, never a silent fallback
/// to the emulator: a user who asked for real images must not get emulated ones. BFL's host: <c>--base-url</c>, else
/// <c>--region</c>, else <c>BFL_BASE_URL</c>, else the manifest's <c>provider.region</c>, else the global host.
/// </summary>
internal static class ProviderSelector
{
    public static ProviderChoice Choose(string? cliProvider, string? manifestProvider, string? cliBaseUrl,
        Func<string, string?> environment, string? cliRegion = null, string? manifestRegion = null)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v : null;
        var named = cliProvider ?? manifestProvider;
        var baseUrl = cliBaseUrl is null ? null : ParseUrl(cliBaseUrl);

        var kind = named?.ToLowerInvariant() switch
        {
            null => Env(ProviderEnvironment.BflKey) is not null ? ProviderKind.Bfl
                : Env(ProviderEnvironment.CometKey) is not null ? ProviderKind.Comet
                : ProviderKind.Emulator,
            "bfl" => ProviderKind.Bfl,
            "comet" or "cometapi" => ProviderKind.Comet,
            "emulator" => ProviderKind.Emulator,
            _ => throw new ProviderConfigurationException(nameof(ProviderRequest.Name), $"unknown provider '{named}': expected bfl, comet or emulator"),
        };

        var region = cliRegion is null ? null : RegionUrl(cliRegion);
        if (region is not null && kind != ProviderKind.Bfl)
            throw new ProviderConfigurationException(ProviderConfigurationException.RegionWithOtherProvider, $"is BFL's (global, eu, us); provider {kind.ToString().ToLowerInvariant()} has no regions");
        if (region is not null && baseUrl is not null)
            throw new ProviderConfigurationException(ProviderConfigurationException.RegionAndBaseUrl, "both name the host: give one of them");

        switch (kind)
        {
            case ProviderKind.Bfl:
                var bflKey = Env(ProviderEnvironment.BflKey)
                    ?? throw new ProviderConfigurationException(nameof(ProviderRequest.Name), $"provider bfl needs the API key in {ProviderEnvironment.BflKey}");
                var bflBase = baseUrl ?? region
                    ?? (Env(ProviderEnvironment.BflBaseUrl) is { } b ? ParseUrl(b) : null)
                    ?? (manifestRegion is null ? null : RegionUrl(manifestRegion))
                    ?? BflDialect.DefaultBaseUrl;
                return new(kind, bflBase, new ApiKey(bflKey), false, named is null ? $"{ProviderEnvironment.BflKey} is set" : "--provider bfl");
            case ProviderKind.Comet:
                var cometKey = Env(ProviderEnvironment.CometKey)
                    ?? throw new ProviderConfigurationException(nameof(ProviderRequest.Name), $"provider comet needs the API key in {ProviderEnvironment.CometKey}");
                return new(kind, baseUrl ?? CometDialect.DefaultBaseUrl, new ApiKey(cometKey), false,
                    named is null ? $"{ProviderEnvironment.CometKey} is set" : "--provider comet");
            default:
                if (baseUrl is not null)
                {
                    var key = Env(ProviderEnvironment.EmulatorKey) is { } k ? new ApiKey(k) : ApiKey.Generate();
                    return new(kind, baseUrl, key, false, "--provider emulator with --base-url");
                }
                return new(kind, null, ApiKey.Generate(), true,
                    named is null ? $"no API key set ({ProviderEnvironment.BflKey}, {ProviderEnvironment.CometKey})" : "--provider emulator");
        }
    }

    public static FluxProvider Create(ProviderChoice choice, Uri baseUrl, HttpRetryOptions? retry = null, TimeProvider? time = null) =>
        new(choice.Kind == ProviderKind.Comet ? new CometDialect(baseUrl) : new BflDialect(baseUrl, choice.Kind == ProviderKind.Emulator ? "emulator" : "bfl"),
            choice.Key, retry, time);

    private static Uri RegionUrl(string region) =>
        BflDialect.RegionBaseUrls.TryGetValue(region.ToLowerInvariant(), out var url)
            ? url
            : throw new ProviderConfigurationException(nameof(ProviderRequest.Region), $"unknown region '{region}': expected global, eu or us");

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new ProviderConfigurationException(nameof(ProviderRequest.BaseUrl), $"invalid base URL '{text}': expected an absolute http(s) URL");
}

/// <summary>
/// A provider cannot be set up from what the user gave (exit code 2). <paramref name="option"/> names what was wrong
/// (<see cref="ProviderRequest"/>'s Name, BaseUrl or Region, or two of them in conflict); the caller words it.
/// </summary>
internal sealed class ProviderConfigurationException(string option, string problem) : Exception(option + ": " + problem)
{
    /// <summary>A region given with a provider that has none.</summary>
    public const string RegionWithOtherProvider = "Region+Name";

    /// <summary>A region and a base URL given together (both name the host).</summary>
    public const string RegionAndBaseUrl = "Region+BaseUrl";

    public string Option { get; } = option;

    public string Problem { get; } = problem;
}
