using System.Security.Cryptography;
using System.Text;
using FluxBatch.Emulator.Options;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// The <c>x-key</c> check of every API endpoint, in the real server's order: no key (a Bearer header does not
/// count) is 403 <c>Not authenticated</c>; a key that cannot be a key is 422 <c>Invalid API key format</c> (a
/// string detail); a well-formed key that is not accepted is 403. Keys are compared in constant time and only a
/// fingerprint (a hash) is kept, to scope tasks and limits per account.
/// </summary>
internal sealed class AuthGate(IReadOnlyList<string> acceptedKeys)
{
    public const string HeaderName = "x-key";

    private readonly byte[][] _accepted = acceptedKeys.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The key's fingerprint, or the error to answer with.</summary>
    public (string? Fingerprint, IResult? Failure) Check(HttpRequest request)
    {
        var key = request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            return (null, NotAuthenticated());
        }
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return (null, Results.Json(new DetailMessage("Invalid API key format"), EmulatorJson.Wire.DetailMessage, statusCode: 422));
        }
        var bytes = Encoding.UTF8.GetBytes(key);
        if (_accepted.Length > 0 && !_accepted.Any(accepted => CryptographicOperations.FixedTimeEquals(accepted, bytes)))
        {
            return (null, NotAuthenticated());
        }
        return (Convert.ToHexStringLower(SHA256.HashData(bytes))[..16], null);
    }

    private static IResult NotAuthenticated() =>
        Results.Json(new DetailMessage("Not authenticated"), EmulatorJson.Wire.DetailMessage, statusCode: 403);
}
