namespace FluxBatch.Emulator.Images;

/// <summary>
/// A cheap procedural picture: a tilted two-colour gradient, vertical stripes and a few discs, all chosen by a
/// 64-bit seed. Different seeds give visibly different pictures; the same seed always gives the same pixels.
/// Rows are filled with table look-ups and spans, so a 1024×1536 picture takes milliseconds.
/// </summary>
internal static class PatternRenderer
{
    private const int DiscCount = 3;

    /// <summary>Packed RGB, 3 bytes a pixel, rows top to bottom.</summary>
    public static byte[] RenderRgb(ulong seed, int width, int height)
    {
        var random = new SplitMix64(seed);
        var light = GradientTable(random);
        var dark = Darken(light);
        var stripes = StripeMask(random, width);
        var discs = new Disc[DiscCount];
        for (var i = 0; i < DiscCount; i++)
        {
            discs[i] = Disc.Create(random, width, height);
        }

        // Fixed-point (16.16) walk of the gradient index along each row.
        var gx = (long)(random.Next() % 7) - 3;
        var gy = 4 + (long)(random.Next() % 4);
        var span = Math.Max(1, (Math.Abs(gx) * width) + (gy * height));
        var step = (gx * 255L << 16) / span;
        var originX = gx < 0 ? -gx * width : 0;

        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.AsSpan(y * width * 3, width * 3);
            var accumulator = ((originX + (gy * y)) * 255L << 16) / span;
            for (var x = 0; x < width; x++)
            {
                var index = (int)Math.Clamp(accumulator >> 16, 0, 255) * 3;
                var table = stripes[x] ? dark : light;
                row[x * 3] = table[index];
                row[(x * 3) + 1] = table[index + 1];
                row[(x * 3) + 2] = table[index + 2];
                accumulator += step;
            }
            foreach (var disc in discs)
            {
                disc.FillRow(row, y, width);
            }
        }
        return pixels;
    }

    private static byte[] GradientTable(SplitMix64 random)
    {
        var from = random.NextColor();
        var to = random.NextColor();
        var table = new byte[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                table[(i * 3) + c] = (byte)(from[c] + ((to[c] - from[c]) * i / 255));
            }
        }
        return table;
    }

    private static byte[] Darken(byte[] table)
    {
        var dark = new byte[table.Length];
        for (var i = 0; i < table.Length; i++)
        {
            dark[i] = (byte)(table[i] * 3 / 4);
        }
        return dark;
    }

    private static bool[] StripeMask(SplitMix64 random, int width)
    {
        var period = 8 + (int)(random.Next() % 56);
        var phase = (int)(random.Next() % (ulong)period);
        var mask = new bool[width];
        for (var x = 0; x < width; x++)
        {
            mask[x] = (x + phase) / period % 2 == 1;
        }
        return mask;
    }

    private readonly record struct Disc(int CenterX, int CenterY, int Radius, byte R, byte G, byte B)
    {
        public static Disc Create(SplitMix64 random, int width, int height)
        {
            var color = random.NextColor();
            var radius = 4 + (int)(random.Next() % (ulong)Math.Max(1, Math.Min(width, height) / 3));
            return new Disc((int)(random.Next() % (ulong)width), (int)(random.Next() % (ulong)height), radius, color[0], color[1], color[2]);
        }

        public void FillRow(Span<byte> row, int y, int width)
        {
            var dy = y - CenterY;
            var squared = (Radius * Radius) - (dy * dy);
            if (squared < 0)
            {
                return;
            }
            var half = (int)Math.Sqrt(squared);
            var start = Math.Max(0, CenterX - half);
            var end = Math.Min(width - 1, CenterX + half);
            for (var x = start; x <= end; x++)
            {
                row[x * 3] = R;
                row[(x * 3) + 1] = G;
                row[(x * 3) + 2] = B;
            }
        }
    }

    /// <summary>SplitMix64: tiny, fast and fully determined by its seed (System.Random's algorithm may change).</summary>
    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public byte[] NextColor()
        {
            var bits = Next();
            return [(byte)bits, (byte)(bits >> 8), (byte)(bits >> 16)];
        }
    }
}
