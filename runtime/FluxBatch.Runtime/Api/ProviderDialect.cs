using System.Net.Http.Headers;

namespace FluxBatch.Api;

/// <summary>
/// What differs between providers that speak the FLUX.2 protocol: where to submit, how to authenticate,
/// and which URL to poll. Everything else (retries, error mapping, downloads) is shared by <see cref="FluxProvider"/>.
/// </summary>
public abstract class ProviderDialect
{
    private protected ProviderDialect(string name, Uri baseUrl)
    {
        Name = name;
        BaseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
    }

    public string Name { get; }

    /// <summary>Always ends with <c>/</c>, so relative paths append.</summary>
    public Uri BaseUrl { get; }

    public Uri SubmitUri(string model) => new(BaseUrl, "v1/" + Uri.EscapeDataString(model));

    internal abstract void Authorize(HttpRequestMessage request, ApiKey key);

    /// <summary>The URL to poll for a task this provider accepted.</summary>
    internal abstract Uri PollUri(SubmitResponse response);

    private protected Uri GetResultUri(string id) => new(BaseUrl, "v1/get_result?id=" + Uri.EscapeDataString(id));
}

/// <summary>
/// Black Forest Labs (<c>x-key</c>). Polls the <c>polling_url</c> the submit returned, as-is: it names the cluster
/// that took the job, and a rebuilt global URL can answer "Task not found". The emulator speaks this dialect too.
/// </summary>
public sealed class BflDialect(Uri baseUrl, string name = "bfl") : ProviderDialect(name, baseUrl)
{
    public static Uri DefaultBaseUrl { get; } = new("https://api.bfl.ai");

    internal override void Authorize(HttpRequestMessage request, ApiKey key) =>
        request.Headers.TryAddWithoutValidation("x-key", key.Reveal());

    internal override Uri PollUri(SubmitResponse response) =>
        // Without a polling_url (a webhook submit) the documented endpoint is the only address there is.
        response.PollingUrl is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : GetResultUri(response.Id);
}

/// <summary>CometAPI's proxy: <c>Authorization: Bearer</c>, and it polls its own <c>get_result?id=</c>, ignoring any polling_url.</summary>
public sealed class CometDialect(Uri baseUrl) : ProviderDialect("comet", baseUrl)
{
    public static Uri DefaultBaseUrl { get; } = new("https://api.cometapi.com/flux");

    internal override void Authorize(HttpRequestMessage request, ApiKey key) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());

    internal override Uri PollUri(SubmitResponse response) => GetResultUri(response.Id);
}
