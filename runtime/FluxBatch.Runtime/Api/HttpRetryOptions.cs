namespace FluxBatch.Api;

/// <summary>
/// How API calls are retried. Defaults follow BFL's official SDK: backoff 0.5·2^(n−1) s with full jitter,
/// capped at 30 s; <c>Retry-After</c>, when the server sends it, wins.
/// </summary>
internal sealed record HttpRetryOptions
{
    /// <summary>Retries of a GET (poll, download) after a 5xx, 429 or network error. Default 6.</summary>
    public int MaxGetRetries { get; init; } = 6;

    /// <summary>Retries of a POST whose connection could not even be opened (nothing was sent). Default 3.</summary>
    public int MaxConnectRetries { get; init; } = 3;

    /// <summary>First backoff step. Default 0.5 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Upper bound of any single backoff (also of a server's Retry-After). Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one request, response body included. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public HttpRetryOptions Validate()
    {
        if (MaxGetRetries < 0 || MaxConnectRetries < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxGetRetries), "Retry counts cannot be negative.");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Need 0 <= BaseDelay <= MaxDelay.");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "RequestTimeout must be positive.");
        return this;
    }
}

/// <summary>The backoff rule, as one pure function so it can be tested exactly.</summary>
internal static class Backoff
{
    /// <summary>
    /// Delay before retry number <paramref name="retry"/> (1-based): <c>Retry-After</c> if given (capped),
    /// else full jitter over <c>min(MaxDelay, BaseDelay·2^(retry−1))</c>. <paramref name="unitRandom"/> is in [0, 1).
    /// </summary>
    public static TimeSpan Delay(int retry, TimeSpan? retryAfter, HttpRetryOptions options, double unitRandom)
    {
        if (retryAfter is { } serverSays)
            return serverSays < TimeSpan.Zero ? TimeSpan.Zero : Min(serverSays, options.MaxDelay);
        var exponent = Math.Min(Math.Max(retry - 1, 0), 30);
        var ceilingTicks = Math.Min(options.MaxDelay.Ticks, options.BaseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)(ceilingTicks * unitRandom));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
