using FluxBatch.Api;

namespace FluxBatch.Execution.Cache;

/// <summary>
/// Which cache a run uses, and why (printed on the run's header). In order: <c>--no-cache</c> (none);
/// <c>--cache DIR</c>; <c>FLUXBATCH_CACHE</c>; the manifest's <c>cache:</c> (relative to the manifest's folder);
/// else the user's cache folder (<c>$XDG_CACHE_HOME/fluxbatch</c>, else <c>~/.cache/fluxbatch</c>) — but that default
/// only for a real provider at a real host. Results of an emulator (embedded or not), and of any provider at a
/// loopback address (a test server), are cached only in a folder given explicitly: a user-wide cache must never fill
/// with synthetic images, nor let one test's results satisfy another's submits.
/// </summary>
internal sealed record CacheChoice(ResultCache? Cache, string Reason)
{
    public const string Variable = "FLUXBATCH_CACHE";

    /// <param name="option"><c>--cache DIR</c>.</param>
    /// <param name="manifestCache">The manifest's <c>cache:</c>, already resolved against the manifest's folder.</param>
    public static CacheChoice Resolve(bool noCache, string? option, string? manifestCache, ProviderChoice provider, Func<string, string?> environment)
    {
        var ns = CacheNamespace.Of(provider);
        if (noCache)
            return new(null, "--no-cache");
        if (option is { Length: > 0 })
            return new(new ResultCache(option, ns), "--cache");
        if (environment(Variable) is { Length: > 0 } fromEnvironment)
            return new(new ResultCache(fromEnvironment, ns), Variable);
        if (manifestCache is not null)
            return new(new ResultCache(manifestCache, ns), "the manifest's cache:");
        if (!CacheNamespace.IsRealEndpoint(provider))
            return new(null, "off by default for the emulator and loopback endpoints (give --cache DIR to cache them)");
        return UserFolder(environment) is { } folder
            ? new(new ResultCache(folder, ns), "the user's cache folder")
            : new(null, "no user cache folder (HOME and XDG_CACHE_HOME unset)");
    }

    /// <summary><c>$XDG_CACHE_HOME/fluxbatch</c>, else <c>~/.cache/fluxbatch</c>; on Windows the local application data folder.</summary>
    public static string? UserFolder(Func<string, string?> environment)
    {
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "fluxbatch");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "fluxbatch", "cache");
        return environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache", "fluxbatch") : null;
    }
}

/// <summary>
/// The part of a cache key beyond the job id: who made the result. The job id digests the whole request (model,
/// every field, the prompt, the seed, the references' content), but not where it was sent: <c>emulator</c> for
/// any emulator (its images are synthetic, and the same for the same request), else the provider's kind and host
/// (<c>bfl-api.bfl.ai</c>, <c>bfl-api.eu.bfl.ai</c>, <c>comet-api.cometapi.com</c>): regions and proxies are kept
/// apart, since nothing promises they serve the same weights.
/// </summary>
internal static class CacheNamespace
{
    public static string Of(ProviderChoice provider) => provider.Kind == ProviderKind.Emulator || provider.StartEmbeddedEmulator
        ? "emulator"
        : $"{provider.Kind.ToString().ToLowerInvariant()}-{Host(provider.BaseUrl)}";

    /// <summary>A real provider at a host that is not this machine.</summary>
    public static bool IsRealEndpoint(ProviderChoice provider) =>
        provider.Kind != ProviderKind.Emulator && !provider.StartEmbeddedEmulator && provider.BaseUrl is { IsLoopback: false };

    private static string Host(Uri? url) => url is null ? "default"
        : new string((url.IsDefaultPort ? url.Host : url.Host + "_" + url.Port).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
