namespace FluxBatch.Emulator.Options;

/// <summary>
/// What the emulator calls a well-formed key. The real API answers 422 <c>Invalid API key format</c> to keys that
/// cannot be keys at all; its exact rule is unpublished, so the emulator's is: 16 to 256 characters from
/// <c>A-Z a-z 0-9 _ - .</c>. Real keys (UUIDs) and the CLI's generated local keys pass; a <c>Bearer …</c> value,
/// quotes, whitespace or a trailing newline copied with the key do not.
/// </summary>
public static class ApiKeyFormat
{
    public const string Description = "16 to 256 characters from A-Z, a-z, 0-9, '_', '-', '.'";

    public static bool IsWellFormed(string? key) =>
        key is { Length: >= 16 and <= 256 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
