namespace FluxBatch.Api;

/// <summary>
/// One FLUX.2 API provider (BFL, CometAPI, the emulator), made by its static members (<see cref="Bfl"/>, <see cref="CometApi"/>, <see cref="Emulator"/>, <see cref="FromEnvironment"/>). Its calls
/// are internal: implementations own transport details (auth header, URL shapes, GET retries), the executor owns
/// scheduling, budget and the journal, and neither is a door of the runtime (tests implement it through
/// InternalsVisibleTo).
/// </summary>
public interface IFluxProvider
{
    /// <summary>Short name for messages: <c>bfl</c>, <c>comet</c>, <c>emulator</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Submits one job. Never resends the POST after a 5xx or a read timeout (it may be billed):
    /// such outcomes surface as <see cref="FluxApiException"/> with <see cref="FluxErrorKind.InDoubt"/>.
    /// </summary>
    internal Task<SubmittedTask> SubmitAsync(string model, FluxRequest request, CancellationToken cancellationToken);

    /// <summary>Polls a task once (GET 5xx are retried inside with backoff).</summary>
    internal Task<PollResponse> PollAsync(SubmittedTask task, CancellationToken cancellationToken);

    /// <summary>Downloads a sample URL, without the key header.</summary>
    internal Task<byte[]> DownloadAsync(Uri sample, CancellationToken cancellationToken);

    /// <summary>
    /// Removes this provider's secrets from text the executor stores or reports. Internal: a provider from outside
    /// the runtime holds no key the runtime knows, so it redacts nothing.
    /// </summary>
    internal SecretRedactor Redactor => SecretRedactor.None;

    // The providers a plan runs through (FluxRuns.RunAsync): BFL, CometAPI, or an emulator at a URL. Each is
    // IDisposable: dispose it after the run. The key is held by a type that prints as *** and is removed from every
    // message the run records.

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
            ? throw new InvalidOperationException($"no API key set ({ProviderEnvironment.BflKey}, {ProviderEnvironment.CometKey}): set one, or run against IFluxProvider.Emulator(url)")
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
        ProviderSelector.Create(new ProviderChoice(kind, baseUrl, apiKey is null ? ApiKey.Generate() : new ApiKey(apiKey), false, "IFluxProvider"), baseUrl);
}

/// <summary>What a successful submit leaves: the id and the URL to poll (never rebuilt).</summary>
internal sealed record SubmittedTask(string Id, Uri PollingUrl, decimal? CostCredits);

/// <summary>How an API call failed, as far as the caller must act differently.</summary>
internal enum FluxErrorKind
{
    /// <summary>429: safe to retry after <see cref="FluxApiException.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>400/422: the body is wrong; never retried.</summary>
    InvalidRequest,
    /// <summary>402: out of credits; stops the whole run.</summary>
    OutOfCredits,
    /// <summary>401/403, or 422 "Invalid API key format": bad, malformed or missing key; stops the whole run.</summary>
    Forbidden,
    /// <summary>A 404 on submit: the base URL or the path is wrong (every job would get it); stops the whole run.</summary>
    EndpointNotFound,
    /// <summary>"Request Moderated" answered at submission: no task exists, nothing is charged; terminal for the job.</summary>
    Moderated,
    /// <summary>A POST that may or may not have reached the server (5xx, read timeout, dropped connection after sending).</summary>
    InDoubt,
    /// <summary>A GET that kept failing after its retries.</summary>
    Transient,
    /// <summary>A sample URL that has expired (poll again for a fresh one).</summary>
    Expired,
    /// <summary>Anything else the server answered.</summary>
    Other,
}

internal sealed class FluxApiException : Exception
{
    public FluxApiException(FluxErrorKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public FluxErrorKind Kind { get; }
    public int? StatusCode { get; }
    public TimeSpan? RetryAfter { get; }
}
