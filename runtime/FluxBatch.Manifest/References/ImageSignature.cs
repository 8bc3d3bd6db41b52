namespace FluxBatch.Manifest.References;

/// <summary>The image formats the API takes as references, told apart by their first bytes.</summary>
public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    WebP,
}

/// <summary>
/// Reads an image's format and pixel size from its header (PNG IHDR, JPEG start-of-frame, WebP VP8/VP8L/VP8X),
/// without an image library: the rules need "is this an image, of a sane size", the planner its megapixels.
/// </summary>
public static class ImageSignature
{
    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>The format by magic bytes, and the size when the header holds it (0 otherwise).</summary>
    public static ImageFormat Read(byte[] data, int length, out int width, out int height)
    {
        width = height = 0;
        if (StartsWith(data, length, Png))
        {
            // Signature, then the IHDR chunk: length(4) "IHDR"(4) width(4) height(4), big-endian.
            if (length >= 24)
            {
                width = BigEndian32(data, 16);
                height = BigEndian32(data, 20);
            }

            return ImageFormat.Png;
        }

        if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            ReadJpegSize(data, length, out width, out height);
            return ImageFormat.Jpeg;
        }

        if (length >= 12 && Ascii(data, 0, "RIFF") && Ascii(data, 8, "WEBP"))
        {
            ReadWebPSize(data, length, out width, out height);
            return ImageFormat.WebP;
        }

        return ImageFormat.Unknown;
    }

    private static void ReadJpegSize(byte[] data, int length, out int width, out int height)
    {
        width = height = 0;
        var i = 2;
        while (i + 9 < length)
        {
            if (data[i] != 0xFF)
            {
                return;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            var segment = (data[i + 2] << 8) | data[i + 3];
            // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            {
                height = (data[i + 5] << 8) | data[i + 6];
                width = (data[i + 7] << 8) | data[i + 8];
                return;
            }

            i += 2 + segment;
        }
    }

    private static void ReadWebPSize(byte[] data, int length, out int width, out int height)
    {
        width = height = 0;
        if (length >= 30 && Ascii(data, 12, "VP8X"))
        {
            // Canvas width-1 and height-1, 24 bits little-endian each, after 4 bytes of flags.
            width = 1 + (data[24] | (data[25] << 8) | (data[26] << 16));
            height = 1 + (data[27] | (data[28] << 8) | (data[29] << 16));
        }
        else if (length >= 25 && Ascii(data, 12, "VP8L") && data[20] == 0x2F)
        {
            // After the 0x2F signature: 14 bits width-1, 14 bits height-1.
            var bits = data[21] | (data[22] << 8) | (data[23] << 16) | (data[24] << 24);
            width = 1 + (bits & 0x3FFF);
            height = 1 + ((bits >> 14) & 0x3FFF);
        }
        else if (length >= 30 && Ascii(data, 12, "VP8 ") && data[23] == 0x9D && data[24] == 0x01 && data[25] == 0x2A)
        {
            width = (data[26] | (data[27] << 8)) & 0x3FFF;
            height = (data[28] | (data[29] << 8)) & 0x3FFF;
        }
    }

    private static bool StartsWith(byte[] data, int length, byte[] prefix)
    {
        if (length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (data[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool Ascii(byte[] data, int offset, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (data[offset + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    // Read as unsigned and kept only when it fits an int: a header claiming 3 billion pixels is not sane.
    private static int BigEndian32(byte[] data, int offset)
    {
        var value = ((uint)data[offset] << 24) | ((uint)data[offset + 1] << 16) | ((uint)data[offset + 2] << 8) | data[offset + 3];
        return value > int.MaxValue ? -1 : (int)value;
    }
}
