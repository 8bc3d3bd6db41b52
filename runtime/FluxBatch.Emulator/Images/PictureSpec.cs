namespace FluxBatch.Emulator.Images;

/// <summary>
/// What an emulated picture is drawn from, fixed at submit: the composition seed (the request's seed and prompt
/// outside its quotes, so the same seed and prompt give the same composition whatever the other fields), the look fields, the
/// prompt's lettering and the reference thumbnails. Size and format come with the download.
/// </summary>
internal sealed record PictureSpec(
    ulong CompositionSeed,
    int? Steps,
    decimal? Guidance,
    int? HueHint,
    IReadOnlyList<string> Lettering,
    IReadOnlyList<Thumbnail> References)
{
    /// <summary>
    /// A picture for a request. Without a seed the server picks one at random; the emulator takes it from the
    /// request hash (<paramref name="requestBits"/>), so the same request still gives the same bytes.
    /// </summary>
    public static PictureSpec For(string prompt, long? seed, int? steps, decimal? guidance, IReadOnlyList<Thumbnail> references, ulong requestBits)
    {
        // The quoted text is lettering, not scene: rewording a headline keeps the composition around it.
        var composition = Mix((seed is { } s ? (ulong)s : requestBits) ^ 0x5EED5EED5EED5EEDUL) ^ Fnv(Images.Lettering.WithoutQuotes(prompt));
        return new PictureSpec(composition, steps, guidance, HueOf(prompt), Images.Lettering.Of(prompt), references);
    }

    // A word or two of the prompt steer the palette, as a real model's would: warm posters look warm.
    private static readonly (string Word, int Hue)[] HueWords =
    [
        ("warm", 28), ("sunset", 18), ("dusk", 290), ("golden", 42), ("red", 2), ("orange", 28),
        ("cool", 205), ("blue", 220), ("night", 235), ("sea", 195), ("ocean", 200), ("green", 120), ("forest", 130),
    ];

    private static int? HueOf(string prompt)
    {
        foreach (var (word, hue) in HueWords)
        {
            if (prompt.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return hue;
            }
        }
        return null;
    }

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
