using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace FluxBatch.Api;

/// <summary>
/// The FLUX.2 client for one provider. Retry rules (from the facts file and BFL's SDK):
/// GET polls and downloads retry 5xx, 429 and network errors with jittered backoff, <c>Retry-After</c> winning;
/// a POST is retried only when its connection could not be opened (nothing was sent). A POST that got a 5xx,
/// timed out, or lost its connection after sending is <see cref="FluxErrorKind.InDoubt"/>: it may exist and be
/// billed, so it is never resent here. A 429 on submit is returned to the caller (the scheduler), which owns
/// the in-flight limit and lowers it.
/// </summary>
internal sealed class FluxProvider : IFluxProvider, IDisposable
{
    private readonly ProviderDialect _dialect;
    private readonly ApiKey _key;
    private readonly HttpClient _api;
    private readonly HttpClient _delivery;
    private readonly HttpRetryOptions _options;
    private readonly TimeProvider _time;
    private readonly SecretRedactor _redactor;
    private readonly ResiliencePipeline<HttpResponseMessage> _getPipeline;
    private readonly ResiliencePipeline _connectPipeline;

    internal FluxProvider(ProviderDialect dialect, ApiKey key, HttpRetryOptions? options = null, TimeProvider? time = null,
        Func<double>? unitRandom = null, HttpMessageHandler? handler = null)
    {
        _dialect = dialect;
        _key = key;
        _options = (options ?? new HttpRetryOptions()).Validate();
        _time = time ?? TimeProvider.System;
        _redactor = new SecretRedactor(key);
        var random = unitRandom ?? Random.Shared.NextDouble;
        // Keyed requests never follow redirects: HttpClient would carry x-key to whatever host a redirect names.
        _api = CreateClient(handler, allowRedirects: false);
        _delivery = CreateClient(handler, allowRedirects: true);
        _getPipeline = BuildGetPipeline(random);
        _connectPipeline = BuildConnectPipeline(random);
    }

    public string Name => _dialect.Name;

    /// <summary>The redactor that knows this provider's key; callers use it on any text they print or store.</summary>
    public SecretRedactor Redactor => _redactor;

    SecretRedactor IFluxProvider.Redactor => _redactor;

    public async Task<SubmittedTask> SubmitAsync(string model, FluxRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, FluxJsonContext.Default.FluxRequest);
        var uri = _dialect.SubmitUri(model);
        HttpResponseMessage response;
        try
        {
            response = await _connectPipeline.ExecuteAsync(async token =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent(body) };
                _dialect.Authorize(message, _key);
                return await SendOnceAsync(_api, message, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (WasNeverSent(e))
        {
            throw Error(FluxErrorKind.Transient, $"could not connect to {uri.Authority}: {e.Message}", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw Error(FluxErrorKind.InDoubt, $"connection lost after the request was sent to {uri.Authority}: {e.Message}", inner: e);
        }
        catch (RequestTimeoutException e)
        {
            throw Error(FluxErrorKind.InDoubt, $"no response from {uri.Authority} within {_options.RequestTimeout.TotalSeconds:0.#} s", inner: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await ErrorFromResponseAsync(response, isPost: true, cancellationToken).ConfigureAwait(false);
            SubmitResponse? parsed;
            try
            {
                parsed = await ReadJsonAsync(response, FluxJsonContext.Default.SubmitResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                // Accepted (2xx) but unreadable: the task may well exist and be billed.
                throw Error(FluxErrorKind.InDoubt, $"unreadable submit response: {e.Message}", response.StatusCode, inner: e);
            }
            if (parsed?.Status is TaskStatuses.RequestModerated or TaskStatuses.ContentModerated)
                throw Error(FluxErrorKind.Moderated, $"{parsed.Status} at submission (not charged): {ErrorMessages.FromDetails(parsed.Details)}", response.StatusCode);
            if (parsed is null || string.IsNullOrEmpty(parsed.Id))
                throw Error(FluxErrorKind.InDoubt, "submit response without a task id", response.StatusCode);
            return new SubmittedTask(parsed.Id, _dialect.PollUri(parsed), parsed.Cost);
        }
    }

    public async Task<PollResponse> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(_api, task.PollingUrl, authorize: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new PollResponse { Id = task.Id, Status = TaskStatuses.TaskNotFound };
        if (!response.IsSuccessStatusCode)
            throw await ErrorFromResponseAsync(response, isPost: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadJsonAsync(response, FluxJsonContext.Default.PollResponse, cancellationToken).ConfigureAwait(false)
                ?? throw Error(FluxErrorKind.Transient, "empty poll response");
        }
        catch (JsonException e)
        {
            throw Error(FluxErrorKind.Transient, $"unreadable poll response: {e.Message}", response.StatusCode, inner: e);
        }
    }

    public async Task<byte[]> DownloadAsync(Uri sample, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(_delivery, sample, authorize: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone)
            throw Error(FluxErrorKind.Expired, $"sample URL answered {(int)response.StatusCode}: expired", response.StatusCode);
        if (!response.IsSuccessStatusCode)
            throw await ErrorFromResponseAsync(response, isPost: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _api.Dispose();
        _delivery.Dispose();
    }

    private async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri uri, bool authorize, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _getPipeline.ExecuteAsync(async token =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, uri);
                if (authorize)
                    _dialect.Authorize(message, _key);
                return await SendOnceAsync(client, message, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Error(FluxErrorKind.Transient, $"GET {uri.Authority} kept failing: {e.Message}", inner: e);
        }
        catch (RequestTimeoutException e)
        {
            throw Error(FluxErrorKind.Transient, $"GET {uri.Authority} kept timing out", inner: e);
        }
        if (IsTransient(response.StatusCode))
        {
            using (response)
                throw await ErrorFromResponseAsync(response, isPost: false, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    /// <summary>One attempt, with its own timeout that covers the body (SendAsync buffers it).</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RequestTimeoutException(e);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildGetPipeline(Func<double> random) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(_options.MaxGetRetries, 1),
                ShouldHandle = args => ValueTask.FromResult(_options.MaxGetRetries > 0 && args.Outcome switch
                {
                    { Result: { } r } => IsTransient(r.StatusCode),
                    { Exception: HttpRequestException or RequestTimeoutException } => true,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    Backoff.Delay(args.AttemptNumber + 1, RetryAfter(args.Outcome.Result), _options, random())),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();

    private ResiliencePipeline BuildConnectPipeline(Func<double> random) =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(_options.MaxConnectRetries, 1),
                ShouldHandle = args => ValueTask.FromResult(
                    _options.MaxConnectRetries > 0 && args.Outcome.Exception is HttpRequestException e && WasNeverSent(e)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff.Delay(args.AttemptNumber + 1, null, _options, random())),
            })
            .Build();

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>
    /// True only for failures that happen before a single byte of the request can have left: the name did not
    /// resolve, or the connection was refused or unreachable. Anything else after a connect may have reached the server.
    /// </summary>
    internal static bool WasNeverSent(HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.NameResolutionError)
            return true;
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable })
                return true;
        }
        return false;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
            return date - _time.GetUtcNow();
        return null;
    }

    private async Task<FluxApiException> ErrorFromResponseAsync(HttpResponseMessage response, bool isPost, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var serverSays = ErrorMessages.FromBody(body);
        var kind = status switch
        {
            429 => FluxErrorKind.RateLimited,
            // BFL answers a key that cannot be a key with 422 and a string detail (flux-api.md, "Hosts and auth"):
            // it is the account's problem, not the body's, and every job would get it.
            422 when serverSays.Contains(InvalidKeyFormat, StringComparison.OrdinalIgnoreCase) => FluxErrorKind.Forbidden,
            _ when serverSays.Contains(TaskStatuses.RequestModerated, StringComparison.OrdinalIgnoreCase) && status is 400 or 422 => FluxErrorKind.Moderated,
            400 or 422 => FluxErrorKind.InvalidRequest,
            402 => FluxErrorKind.OutOfCredits,
            401 or 403 => FluxErrorKind.Forbidden,
            404 when isPost => FluxErrorKind.EndpointNotFound,
            >= 500 when isPost => FluxErrorKind.InDoubt,
            >= 500 => FluxErrorKind.Transient,
            _ => FluxErrorKind.Other,
        };
        return Error(kind, $"HTTP {status}: {serverSays}", response.StatusCode, RetryAfter(response));
    }

    private const string InvalidKeyFormat = "Invalid API key format";

    private FluxApiException Error(FluxErrorKind kind, string message, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? inner = null) =>
        // The inner exception is dropped on purpose: its text is not ours to vouch for. Its type and message
        // are already folded (redacted) into the message.
        new(kind, _redactor.Redact(message), status is null ? null : (int)status, retryAfter, inner is null ? null : new RedactedException(inner, _redactor));

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpClient CreateClient(HttpMessageHandler? handler, bool allowRedirects)
    {
        var inner = handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = allowRedirects,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        return new HttpClient(inner, disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private sealed class RequestTimeoutException(Exception inner) : Exception("request timed out", inner);
}

/// <summary>Keeps an inner exception's type and redacted message for diagnostics, without its original text.</summary>
internal sealed class RedactedException(Exception original, SecretRedactor redactor)
    : Exception($"{original.GetType().Name}: {redactor.Redact(original.Message)}");
