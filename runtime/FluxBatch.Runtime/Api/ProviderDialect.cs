using System.Net.Http.Headers;

namespace FluxBatch.Api;

/// <summary>
/// What differs between providers that speak the FLUX.2 protocol: where to submit, how to authenticate,
/// and which URL to poll. Everything else (retries, error mapping, downloads) is shared by <see cref="FluxProvider"/>.
/// </summary>
internal abstract class ProviderDialect
{
    private protected ProviderDialect(string name, Uri baseUrl, string pathPrefix = "")
    {
        Name = name;
        BaseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
        _pathPrefix = pathPrefix;
    }

    /// <summary>What comes between the base URL and <c>v1/…</c>: empty for BFL, <c>flux/</c> for CometAPI.</summary>
    private readonly string _pathPrefix;

    public string Name { get; }

    /// <summary>Always ends with <c>/</c>, so relative paths append.</summary>
    public Uri BaseUrl { get; }

    public Uri SubmitUri(string model) => new(BaseUrl, _pathPrefix + "v1/" + Uri.EscapeDataString(model));

    internal abstract void Authorize(HttpRequestMessage request, ApiKey key);

    /// <summary>The URL to poll for a task this provider accepted.</summary>
    internal abstract Uri PollUri(SubmitResponse response);

    private protected Uri GetResultUri(string id) => new(BaseUrl, _pathPrefix + "v1/get_result?id=" + Uri.EscapeDataString(id));
}

/// <summary>
/// Black Forest Labs (<c>x-key</c>). Polls the <c>polling_url</c> the submit returned, as-is: it names the cluster
/// that took the job, and a rebuilt global URL can answer "Task not found". The emulator speaks this dialect too.
/// </summary>
internal sealed class BflDialect(Uri baseUrl, string name = "bfl") : ProviderDialect(name, baseUrl)
{
    public static Uri DefaultBaseUrl { get; } = new("https://api.bfl.ai");

    /// <summary>
    /// BFL's regional hosts, by the names <c>--region</c> and the manifest's <c>provider.region</c> take
    /// (black-forest-labs/skills, <c>skills/bfl-api/SKILL.md</c>, "Base Endpoints"; flux-api.md, "Hosts and auth").
    /// </summary>
    public static IReadOnlyDictionary<string, Uri> RegionBaseUrls { get; } = new Dictionary<string, Uri>(StringComparer.Ordinal)
    {
        ["global"] = DefaultBaseUrl,
        ["eu"] = new("https://api.eu.bfl.ai"),
        ["us"] = new("https://api.us.bfl.ai"),
    };

    internal override void Authorize(HttpRequestMessage request, ApiKey key) =>
        request.Headers.TryAddWithoutValidation("x-key", key.Reveal());

    internal override Uri PollUri(SubmitResponse response) =>
        // Without a polling_url (a webhook submit) the documented endpoint is the only address there is.
        response.PollingUrl is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : GetResultUri(response.Id);
}

/// <summary>
/// CometAPI's proxy: <c>POST {base}/flux/v1/{model}</c> and <c>GET {base}/flux/v1/get_result?id=</c> (its API reference),
/// <c>Authorization: Bearer KEY</c>; it polls its own <c>get_result</c>, ignoring the polling_url (BFL's, on BFL's host).
/// The base URL is the host (<c>https://api.cometapi.com</c>, or an emulator's <c>http://127.0.0.1:PORT</c>); one that
/// already ends in <c>/flux</c> is taken as it is.
/// </summary>
internal sealed class CometDialect(Uri baseUrl) : ProviderDialect("comet", baseUrl, PathPrefixFor(baseUrl))
{
    public static Uri DefaultBaseUrl { get; } = new("https://api.cometapi.com");

    private static string PathPrefixFor(Uri baseUrl) =>
        baseUrl.AbsolutePath.TrimEnd('/').EndsWith("/flux", StringComparison.OrdinalIgnoreCase) ? "" : "flux/";

    internal override void Authorize(HttpRequestMessage request, ApiKey key) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());

    internal override Uri PollUri(SubmitResponse response) => GetResultUri(response.Id);
}
