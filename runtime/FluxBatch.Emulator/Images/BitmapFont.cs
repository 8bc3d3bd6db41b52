namespace FluxBatch.Emulator.Images;

/// <summary>
/// The classic 5×7 dot-matrix font (printable ASCII from space to <c>Z</c>; lower case is drawn as upper case,
/// anything else as <c>?</c>). Each glyph is five column bytes, bit 0 the top row. Drawn at an integer scale it is
/// blocky but clean, which is what the emulator's lettering needs: legible at high steps, so that a check (or
/// OCR) can read what the prompt asked to be written.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    /// <summary>Columns per character, the glyph and one column of spacing.</summary>
    public const int Advance = GlyphWidth + 1;

    private const char First = ' ';
    private const char Last = 'Z';

    private static readonly byte[] Columns =
    [
        0x00, 0x00, 0x00, 0x00, 0x00, // space
        0x00, 0x00, 0x5F, 0x00, 0x00, // !
        0x00, 0x07, 0x00, 0x07, 0x00, // "
        0x14, 0x7F, 0x14, 0x7F, 0x14, // #
        0x24, 0x2A, 0x7F, 0x2A, 0x12, // $
        0x23, 0x13, 0x08, 0x64, 0x62, // %
        0x36, 0x49, 0x55, 0x22, 0x50, // &
        0x00, 0x05, 0x03, 0x00, 0x00, // '
        0x00, 0x1C, 0x22, 0x41, 0x00, // (
        0x00, 0x41, 0x22, 0x1C, 0x00, // )
        0x08, 0x2A, 0x1C, 0x2A, 0x08, // *
        0x08, 0x08, 0x3E, 0x08, 0x08, // +
        0x00, 0x50, 0x30, 0x00, 0x00, // ,
        0x08, 0x08, 0x08, 0x08, 0x08, // -
        0x00, 0x60, 0x60, 0x00, 0x00, // .
        0x20, 0x10, 0x08, 0x04, 0x02, // /
        0x3E, 0x51, 0x49, 0x45, 0x3E, // 0
        0x00, 0x42, 0x7F, 0x40, 0x00, // 1
        0x42, 0x61, 0x51, 0x49, 0x46, // 2
        0x21, 0x41, 0x45, 0x4B, 0x31, // 3
        0x18, 0x14, 0x12, 0x7F, 0x10, // 4
        0x27, 0x45, 0x45, 0x45, 0x39, // 5
        0x3C, 0x4A, 0x49, 0x49, 0x30, // 6
        0x01, 0x71, 0x09, 0x05, 0x03, // 7
        0x36, 0x49, 0x49, 0x49, 0x36, // 8
        0x06, 0x49, 0x49, 0x29, 0x1E, // 9
        0x00, 0x36, 0x36, 0x00, 0x00, // :
        0x00, 0x56, 0x36, 0x00, 0x00, // ;
        0x00, 0x08, 0x14, 0x22, 0x41, // <
        0x14, 0x14, 0x14, 0x14, 0x14, // =
        0x41, 0x22, 0x14, 0x08, 0x00, // >
        0x02, 0x01, 0x51, 0x09, 0x06, // ?
        0x32, 0x49, 0x79, 0x41, 0x3E, // @
        0x7E, 0x11, 0x11, 0x11, 0x7E, // A
        0x7F, 0x49, 0x49, 0x49, 0x36, // B
        0x3E, 0x41, 0x41, 0x41, 0x22, // C
        0x7F, 0x41, 0x41, 0x22, 0x1C, // D
        0x7F, 0x49, 0x49, 0x49, 0x41, // E
        0x7F, 0x09, 0x09, 0x01, 0x01, // F
        0x3E, 0x41, 0x41, 0x51, 0x32, // G
        0x7F, 0x08, 0x08, 0x08, 0x7F, // H
        0x00, 0x41, 0x7F, 0x41, 0x00, // I
        0x20, 0x40, 0x41, 0x3F, 0x01, // J
        0x7F, 0x08, 0x14, 0x22, 0x41, // K
        0x7F, 0x40, 0x40, 0x40, 0x40, // L
        0x7F, 0x02, 0x04, 0x02, 0x7F, // M
        0x7F, 0x04, 0x08, 0x10, 0x7F, // N
        0x3E, 0x41, 0x41, 0x41, 0x3E, // O
        0x7F, 0x09, 0x09, 0x09, 0x06, // P
        0x3E, 0x41, 0x51, 0x21, 0x5E, // Q
        0x7F, 0x09, 0x19, 0x29, 0x46, // R
        0x46, 0x49, 0x49, 0x49, 0x31, // S
        0x01, 0x01, 0x7F, 0x01, 0x01, // T
        0x3F, 0x40, 0x40, 0x40, 0x3F, // U
        0x1F, 0x20, 0x40, 0x20, 0x1F, // V
        0x7F, 0x20, 0x18, 0x20, 0x7F, // W
        0x63, 0x14, 0x08, 0x14, 0x63, // X
        0x03, 0x04, 0x78, 0x04, 0x03, // Y
        0x61, 0x51, 0x49, 0x45, 0x43, // Z
    ];

    /// <summary>Sub-dots per dot of the smoothed glyphs (two rounds of Scale2x).</summary>
    public const int Smoothing = 4;

    // Every glyph smoothed once, at first use: (GlyphWidth * Smoothing) x (GlyphHeight * Smoothing) sub-dots.
    private static readonly bool[][] Smoothed = Enumerable.Range(First, Last - First + 1)
        .Select(c => Scale2x(Scale2x(Glyph((char)c, out var w, out var h), w, h, out w, out h), w, h, out _, out _))
        .ToArray();

    /// <summary>
    /// Is sub-dot (<paramref name="column"/>, <paramref name="row"/>) of the smoothed glyph set? The staircases of
    /// the diagonals (N, V, W, 2, 7) become slopes, which is what makes large lettering read as letters, to people
    /// and to OCR alike.
    /// </summary>
    public static bool SmoothDot(char c, int column, int row) =>
        Smoothed[Normalize(c) - First][(row * GlyphWidth * Smoothing) + column];

    private static bool[] Glyph(char c, out int width, out int height)
    {
        (width, height) = (GlyphWidth, GlyphHeight);
        var dots = new bool[GlyphWidth * GlyphHeight];
        for (var y = 0; y < GlyphHeight; y++)
        {
            for (var x = 0; x < GlyphWidth; x++)
            {
                dots[(y * GlyphWidth) + x] = Dot(c, x, y);
            }
        }
        return dots;
    }

    /// <summary>The Scale2x (EPX) pixel-art upscaler: each dot becomes four, corners filled along diagonals.</summary>
    private static bool[] Scale2x(bool[] dots, int width, int height, out int newWidth, out int newHeight)
    {
        (newWidth, newHeight) = (width * 2, height * 2);
        var result = new bool[newWidth * newHeight];
        bool At(int x, int y) => x >= 0 && y >= 0 && x < width && y < height && dots[(y * width) + x];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (p, a, b, c, d) = (At(x, y), At(x, y - 1), At(x + 1, y), At(x - 1, y), At(x, y + 1));
                var o = (2 * y * newWidth) + (2 * x);
                result[o] = c == a && c != d && a != b ? a : p;
                result[o + 1] = a == b && a != c && b != d ? b : p;
                result[o + newWidth] = d == c && d != b && c != a ? c : p;
                result[o + newWidth + 1] = b == d && b != a && d != c ? d : p;
            }
        }
        return result;
    }

    /// <summary>The character as the font draws it: upper case, or <c>?</c> when it has no glyph.</summary>
    public static char Normalize(char c)
    {
        var upper = char.ToUpperInvariant(c);
        return upper is >= First and <= Last ? upper : '?';
    }

    /// <summary>Is the dot at <paramref name="column"/> (0..4), <paramref name="row"/> (0..6) of this character's glyph set?</summary>
    public static bool Dot(char c, int column, int row) =>
        (Columns[((Normalize(c) - First) * GlyphWidth) + column] >> row & 1) != 0;
}
