using FluxBatch.Api;

namespace FluxBatch;

/// <summary>
/// The providers a plan runs through (<c>FluxRuns.RunAsync</c>):
/// BFL, CometAPI, or an emulator at a URL. Each returned provider is <see cref="IDisposable"/>: dispose it after the run.
/// The key is held by a type that prints as <c>***</c> and is removed from every message the run records.
/// </summary>
public static class FluxProviders
{
    /// <summary>BFL's API at <paramref name="baseUrl"/> (default <c>https://api.bfl.ai</c>, or a regional host).</summary>
    public static IFluxProvider Bfl(string apiKey, Uri? baseUrl = null) =>
        Create(ProviderKind.Bfl, baseUrl ?? BflDialect.DefaultBaseUrl, apiKey);

    /// <summary>CometAPI's FLUX.2 API at <paramref name="baseUrl"/> (default <c>https://api.cometapi.com</c>).</summary>
    public static IFluxProvider CometApi(string apiKey, Uri? baseUrl = null) =>
        Create(ProviderKind.Comet, baseUrl ?? CometDialect.DefaultBaseUrl, apiKey);

    /// <summary>An emulator at <paramref name="baseUrl"/> (<c>fluxbatch emulator</c>, or one a test started); any key, by default a fresh one.</summary>
    public static IFluxProvider Emulator(Uri baseUrl, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return Create(ProviderKind.Emulator, baseUrl, apiKey);
    }

    /// <summary>
    /// The provider the environment names, as <c>fluxbatch run</c> picks it: BFL when <c>BFL_API_KEY</c> is set
    /// (host: <c>BFL_BASE_URL</c>, else the global one), else CometAPI when <c>COMETAPI_KEY</c> is set.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither key is set (there is no embedded emulator here: use <see cref="Emulator"/>).</exception>
    public static IFluxProvider FromEnvironment(Func<string, string?>? environment = null)
    {
        var choice = Choose(null, environment ?? Environment.GetEnvironmentVariable);
        return choice.StartEmbeddedEmulator
            ? throw new InvalidOperationException($"no API key set ({ProviderEnvironment.BflKey}, {ProviderEnvironment.CometKey}): set one, or run against FluxProviders.Emulator(url)")
            : ProviderSelector.Create(choice, choice.BaseUrl!);
    }

    private static ProviderChoice Choose(string? name, Func<string, string?> environment)
    {
        try
        {
            return ProviderSelector.Choose(name, null, null, environment);
        }
        catch (ProviderConfigurationException e)
        {
            throw new InvalidOperationException(e.Problem, e);
        }
    }

    private static FluxProvider Create(ProviderKind kind, Uri baseUrl, string? apiKey) =>
        ProviderSelector.Create(new ProviderChoice(kind, baseUrl, apiKey is null ? ApiKey.Generate() : new ApiKey(apiKey), false, "FluxProviders"), baseUrl);
}
