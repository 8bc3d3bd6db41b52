namespace FluxBatch.Api;

/// <summary>
/// An API key. It formats as <c>***</c> so that string interpolation, records and debugger views can never
/// print it; the only way to the secret is <see cref="Reveal"/>, called where the header is set.
/// </summary>
internal sealed class ApiKey
{
    private readonly string _secret;

    public ApiKey(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _secret = secret;
    }

    /// <summary>The secret itself: only for the auth header and the redactor.</summary>
    internal string Reveal() => _secret;

    /// <summary>A fresh random key, for the embedded emulator (never a real credential).</summary>
    public static ApiKey Generate() =>
        new("emu_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());

    public override string ToString() => "***";
}

/// <summary>
/// Removes the key from any text that came from outside (server messages, exception text) before it is
/// stored in an exception, the journal, a sidecar or printed. One guard, used at every boundary.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Mask = "***";
    private readonly string[] _secrets;

    public SecretRedactor(params ApiKey[] keys) =>
        _secrets = keys.Select(k => k.Reveal()).Where(s => s.Length > 0).ToArray();

    public static SecretRedactor None { get; } = new();

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);
}
