using StbImageSharp;

namespace FluxBatch.Emulator.Images;

/// <summary>
/// A reference image shrunk to <see cref="Side"/>×<see cref="Side"/> RGB at submit time (box-averaged), so a
/// task keeps a few hundred bytes per reference and the picture can visibly use it: its mean colour tints the
/// scene and the thumbnail is inset. URLs are never fetched (loopback only) and undecodable inputs get a
/// thumbnail of a colour drawn from their text, so an edit still looks like an edit.
/// </summary>
internal sealed class Thumbnail
{
    public const int Side = 24;

    private readonly byte[] _rgb;

    private Thumbnail(byte[] rgb)
    {
        _rgb = rgb;
        long r = 0, g = 0, b = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            r += rgb[i];
            g += rgb[i + 1];
            b += rgb[i + 2];
        }
        var pixels = rgb.Length / 3;
        Mean = new Rgb((byte)(r / pixels), (byte)(g / pixels), (byte)(b / pixels));
    }

    public Rgb Mean { get; }

    public Rgb At(int x, int y)
    {
        var i = ((y * Side) + x) * 3;
        return new Rgb(_rgb[i], _rgb[i + 1], _rgb[i + 2]);
    }

    /// <summary>From an <c>input_image</c> value: base64 (raw or a data URI) of a PNG or JPEG, or a URL.</summary>
    public static Thumbnail From(string image)
    {
        if (Decode(image) is { } bytes)
        {
            try
            {
                var decoded = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
                return new Thumbnail(Shrink(decoded.Data, decoded.Width, decoded.Height));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
            {
                // Not an image stb can read: fall through to a flat colour.
            }
        }

        var color = Rgb.FromHsv(StableHash(image) % 360, 0.6, 0.8);
        var flat = new byte[Side * Side * 3];
        for (var i = 0; i < flat.Length; i += 3)
        {
            (flat[i], flat[i + 1], flat[i + 2]) = (color.R, color.G, color.B);
        }
        return new Thumbnail(flat);
    }

    private static byte[] Shrink(byte[] rgb, int width, int height)
    {
        var result = new byte[Side * Side * 3];
        for (var ty = 0; ty < Side; ty++)
        {
            var y0 = ty * height / Side;
            var y1 = Math.Max(y0 + 1, (ty + 1) * height / Side);
            for (var tx = 0; tx < Side; tx++)
            {
                var x0 = tx * width / Side;
                var x1 = Math.Max(x0 + 1, (tx + 1) * width / Side);
                // A strided sample of the box is enough for a thumbnail and bounds the work for large inputs.
                var stepY = Math.Max(1, (y1 - y0) / 4);
                var stepX = Math.Max(1, (x1 - x0) / 4);
                long r = 0, g = 0, b = 0, n = 0;
                for (var y = y0; y < y1; y += stepY)
                {
                    for (var x = x0; x < x1; x += stepX)
                    {
                        var i = ((y * width) + x) * 3;
                        r += rgb[i];
                        g += rgb[i + 1];
                        b += rgb[i + 2];
                        n++;
                    }
                }
                var o = ((ty * Side) + tx) * 3;
                (result[o], result[o + 1], result[o + 2]) = ((byte)(r / n), (byte)(g / n), (byte)(b / n));
            }
        }
        return result;
    }

    private static byte[]? Decode(string image)
    {
        if (image.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || image.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var comma = image.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? image.IndexOf(',', StringComparison.Ordinal) : -1;
        var payload = comma >= 0 ? image[(comma + 1)..] : image;
        var buffer = new byte[(payload.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(payload, buffer, out var written) ? buffer[..written] : null;
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
