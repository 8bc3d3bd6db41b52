using System.Security.Cryptography;
using System.Text;
using FluxBatch.Emulator.Options;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// The key check of every API endpoint, per dialect. Keys are compared in constant time and only a fingerprint (a
/// hash) is kept, to scope tasks and limits per account; a CometAPI key and a BFL key are different accounts even
/// when the text is the same, as they are on the real services.
/// <list type="bullet">
/// <item>BFL (<c>x-key</c>), in the real server's order: no key (a Bearer header does not count) is 403
/// <c>{"detail":"Not authenticated"}</c> (FastAPI's API-key header); a key that cannot be a key is 422
/// <c>{"detail":"Invalid API key format"}</c> (a string detail); a well-formed key that is not accepted is 401
/// <c>{"error":"Unauthorized","message":…}</c>, the shape BFL's own client reads for 401 (black-forest-labs/skills,
/// <c>python-client.py</c>).</item>
/// <item>CometAPI (<c>Authorization</c>): <c>Bearer KEY</c> as its API reference documents, or the bare <c>KEY</c> that
/// its product page's Python, JavaScript and curl examples send (flux-api.md). Missing, malformed or not accepted:
/// 401 in its error shape.</item>
/// </list>
/// </summary>
internal sealed class AuthGate(IReadOnlyList<string> acceptedKeys)
{
    public const string HeaderName = "x-key";
    public const string CometHeaderName = "Authorization";

    private readonly byte[][] _accepted = acceptedKeys.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The key's fingerprint, or the error to answer with, in the dialect's shape.</summary>
    public (string? Fingerprint, IResult? Failure) Check(HttpRequest request, WireDialect dialect = WireDialect.Bfl) =>
        dialect == WireDialect.Comet ? CheckComet(request) : CheckBfl(request);

    private (string? Fingerprint, IResult? Failure) CheckBfl(HttpRequest request)
    {
        var key = request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            return (null, Answers.Detail(403, "Not authenticated"));
        }
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return (null, Answers.Detail(422, "Invalid API key format"));
        }
        return IsAccepted(key)
            ? (Fingerprint("bfl", key), null)
            : (null, Answers.BflError(401, "Unauthorized", "The API key is not valid."));
    }

    private (string? Fingerprint, IResult? Failure) CheckComet(HttpRequest request)
    {
        var header = request.Headers[CometHeaderName].ToString().Trim();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : header;
        if (key.Length == 0)
        {
            return (null, Answers.CometError(401, "No API key provided: send Authorization: Bearer <COMETAPI_KEY>.", "missing_api_key"));
        }
        return ApiKeyFormat.IsWellFormed(key) && IsAccepted(key)
            ? (Fingerprint("comet", key), null)
            : (null, Answers.CometError(401, "Invalid token.", "invalid_api_key"));
    }

    private bool IsAccepted(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        return _accepted.Length == 0 || _accepted.Any(accepted => CryptographicOperations.FixedTimeEquals(accepted, bytes));
    }

    private static string Fingerprint(string account, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account + "\n" + key)))[..16];
}
