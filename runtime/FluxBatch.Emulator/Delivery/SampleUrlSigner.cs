using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FluxBatch.Emulator.Delivery;

/// <summary>
/// Signed, expiring sample URLs, as a blob store issues them: <c>/delivery/{id}.{ext}?se={expiry}&amp;sig={hmac}</c>,
/// where <c>se</c> is the expiry in Unix milliseconds and <c>sig</c> an HMAC-SHA256 (base64url) of path and
/// expiry under a key that lives only in this process. No API key is involved: anyone with the URL can fetch it
/// until it expires.
/// </summary>
internal sealed class SampleUrlSigner
{
    public const string PathPrefix = "/delivery/";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The path and query of a URL for <paramref name="fileName"/> that expires at <paramref name="expiresAt"/>.</summary>
    public string Sign(string fileName, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return $"{PathPrefix}{Uri.EscapeDataString(fileName)}?se={expiry}&sig={Signature(fileName, expiry)}";
    }

    /// <summary>Checks a URL's signature and expiry; the reason is a blob-store style message when refused.</summary>
    public SampleUrlCheck Check(string fileName, string? expiry, string? signature, DateTimeOffset now)
    {
        if (expiry is null || signature is null
            || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAtMs)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(fileName, expiry)), Encoding.ASCII.GetBytes(signature)))
        {
            return SampleUrlCheck.BadSignature;
        }
        return now.ToUnixTimeMilliseconds() >= expiresAtMs ? SampleUrlCheck.Expired : SampleUrlCheck.Valid;
    }

    private string Signature(string fileName, string expiry)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(fileName + "\n" + expiry));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

internal enum SampleUrlCheck
{
    Valid,
    BadSignature,
    Expired,
}
