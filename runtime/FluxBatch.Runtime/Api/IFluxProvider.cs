namespace FluxBatch.Api;

/// <summary>
/// One FLUX.2 API provider (BFL, CometAPI, the emulator). Implementations own transport details
/// (auth header, URL shapes, GET retries); the executor owns scheduling, budget and the journal.
/// </summary>
public interface IFluxProvider
{
    /// <summary>Short name for messages: <c>bfl</c>, <c>comet</c>, <c>emulator</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Submits one job. Never resends the POST after a 5xx or a read timeout (it may be billed):
    /// such outcomes surface as <see cref="FluxApiException"/> with <see cref="FluxErrorKind.InDoubt"/>.
    /// </summary>
    Task<SubmittedTask> SubmitAsync(string model, FluxRequest request, CancellationToken cancellationToken);

    /// <summary>Polls a task once (GET 5xx are retried inside with backoff).</summary>
    Task<PollResponse> PollAsync(SubmittedTask task, CancellationToken cancellationToken);

    /// <summary>Downloads a sample URL, without the key header.</summary>
    Task<byte[]> DownloadAsync(Uri sample, CancellationToken cancellationToken);

    /// <summary>
    /// Removes this provider's secrets from text the executor stores or reports. Internal: a provider from outside
    /// the runtime holds no key the runtime knows, so it redacts nothing.
    /// </summary>
    internal SecretRedactor Redactor => SecretRedactor.None;
}

/// <summary>What a successful submit leaves: the id and the URL to poll (never rebuilt).</summary>
public sealed record SubmittedTask(string Id, Uri PollingUrl, decimal? CostCredits);

/// <summary>How an API call failed, as far as the caller must act differently.</summary>
public enum FluxErrorKind
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

public sealed class FluxApiException : Exception
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
