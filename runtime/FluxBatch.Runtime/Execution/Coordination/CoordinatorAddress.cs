using System.Globalization;

namespace FluxBatch.Execution.Coordination;

/// <summary>
/// Which coordinator a run uses, from <c>--coordinator</c> or <c>FLUXBATCH_COORDINATOR</c>: <c>local</c> (file locks in
/// the state folder, the default), <c>none</c>, or <c>redis://HOST[:PORT][?lease=SECONDS]</c> (default port 6379,
/// lease 12 s). Checked before anything runs, so a typo exits 2.
/// </summary>
internal sealed record CoordinatorAddress(CoordinatorKind Kind, string? Host = null, int Port = 6379, TimeSpan? Lease = null)
{
    public const string EnvironmentVariable = "FLUXBATCH_COORDINATOR";

    /// <summary>
    /// How long a slot or reservation outlives its process's last heartbeat (renewed every third of it). Short, so a
    /// killed process's slots return soon; long enough that a busy machine's pauses (GC, a loaded CPU) do not lose them.
    /// </summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(12);

    public static readonly TimeSpan MinimumLease = TimeSpan.FromSeconds(0.5);

    public static CoordinatorAddress Local { get; } = new(CoordinatorKind.Local);

    public static CoordinatorAddress None { get; } = new(CoordinatorKind.None);

    public TimeSpan LeaseTime => Lease ?? DefaultLease;

    /// <summary>For messages and the journal: the address without anything else.</summary>
    public override string ToString() => Kind switch
    {
        CoordinatorKind.Redis => string.Create(CultureInfo.InvariantCulture, $"redis://{Host}:{Port}"),
        CoordinatorKind.Local => "local",
        _ => "none",
    };

    /// <summary>The address, or null with <paramref name="error"/> saying what was expected.</summary>
    public static CoordinatorAddress? TryParse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        if (trimmed.Equals("local", StringComparison.OrdinalIgnoreCase))
            return Local;
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase))
            return None;
        const string expected = "expected redis://HOST:PORT (optionally ?lease=SECONDS), local or none";
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
        {
            error = $"coordinator '{text}': {expected}";
            return null;
        }
        if (uri.UserInfo.Length > 0 || uri.AbsolutePath is not ("" or "/") || uri.Fragment.Length > 0)
        {
            // A password in the address would be printed and recorded with it; refuse rather than leak it.
            error = $"coordinator {uri.Scheme}://{uri.Host}: only HOST, PORT and ?lease= are understood ({expected})";
            return null;
        }
        TimeSpan? lease = null;
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair is ["lease", var value] && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds >= MinimumLease.TotalSeconds && seconds <= 3600)
            {
                lease = TimeSpan.FromSeconds(seconds);
                continue;
            }
            error = string.Create(CultureInfo.InvariantCulture,
                $"coordinator redis://{uri.Host}: '{part}' is not understood (expected lease=SECONDS, {MinimumLease.TotalSeconds}..3600)");
            return null;
        }
        return new CoordinatorAddress(CoordinatorKind.Redis, uri.Host, uri.Port <= 0 ? 6379 : uri.Port, lease);
    }
}

internal enum CoordinatorKind
{
    None,
    Local,
    Redis,
}
