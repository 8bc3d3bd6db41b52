namespace FluxBatch.Emulator.Images;

/// <summary>
/// Draws an emulated picture that responds to the request as a real one would, cheaply:
/// <list type="number">
/// <item>A scene from the composition seed alone, laid out in fractions of the size (so width/height give the
/// aspect): a vertical sky gradient, a sun, a few blocks, the prompt's quoted text as lettering on a panel, and
/// reference thumbnails inset (their mean colour also tints the sky).</item>
/// <item>Its palette through <see cref="PictureLook.Apply"/>: guidance sets contrast and saturation.</item>
/// <item>Rasterized at 1/<c>BlockSize</c> of the size and scaled up, then seeded noise and fine paper grain:
/// few steps are coarse and noisy, fifty are clean and show the grain.</item>
/// </list>
/// Every fill is a row span or a table look-up, so a 1024×1536 picture costs a few milliseconds, and the smaller
/// the step count the less is rasterized.
/// </summary>
internal static class SceneRenderer
{
    private const int NoiseWidth = 251;
    private const int NoiseHeight = 241;
    private const int GrainWidth = 61;
    private const int GrainHeight = 59;

    /// <summary>Packed RGB, 3 bytes a pixel, rows top to bottom.</summary>
    public static byte[] RenderRgb(PictureSpec spec, int width, int height)
    {
        var look = PictureLook.For(spec.Steps, spec.Guidance);
        var scene = Scene.Create(spec, look, width, height);
        var block = Math.Min(look.BlockSize, Math.Max(1, Math.Min(width, height) / 8));
        var coarse = scene.Rasterize(block);
        return Finish(coarse, block, width, height, look, spec.CompositionSeed);
    }

    /// <summary>Scales the coarse raster up by <paramref name="block"/> and adds noise and grain.</summary>
    private static byte[] Finish(byte[] coarse, int block, int width, int height, PictureLook look, ulong seed)
    {
        var coarseWidth = CeilDiv(width, block);
        var pixels = new byte[width * height * 3];
        // Tiles no larger than the picture (prime sides, so their repeats do not line up): small pictures stay cheap.
        var (noiseWidth, noiseHeight) = (Math.Min(width, NoiseWidth), Math.Min(height, NoiseHeight));
        var (grainWidth, grainHeight) = (Math.Min(width, GrainWidth), Math.Min(height, GrainHeight));
        var noise = Tile(seed ^ 0xA5A5A5A5UL, look.NoiseAmplitude == 0 ? 1 : noiseWidth * noiseHeight);
        var grain = Tile(seed ^ 0x3C3C3C3CUL, look.GrainAmplitude == 0 ? 1 : grainWidth * grainHeight);
        var noiseX = new int[width];
        var grainX = new int[width];
        var sourceX = new int[width];
        for (var x = 0; x < width; x++)
        {
            noiseX[x] = look.NoiseAmplitude == 0 ? 0 : x % noiseWidth;
            grainX[x] = look.GrainAmplitude == 0 ? 0 : x % grainWidth;
            sourceX[x] = x / block * 3;
        }

        for (var y = 0; y < height; y++)
        {
            var source = coarse.AsSpan(y / block * coarseWidth * 3, coarseWidth * 3);
            var row = pixels.AsSpan(y * width * 3, width * 3);
            var noiseRow = look.NoiseAmplitude == 0 ? noise : noise.AsSpan(y % noiseHeight * noiseWidth, noiseWidth);
            var grainRow = look.GrainAmplitude == 0 ? grain : grain.AsSpan(y % grainHeight * grainWidth, grainWidth);
            for (var x = 0; x < width; x++)
            {
                var s = sourceX[x];
                var n = noiseRow[noiseX[x]] * look.NoiseAmplitude;
                // Grain is luminance only; noise differs per channel, like sampling noise.
                var fine = (grainRow[grainX[x]] * look.GrainAmplitude) >> 7;
                var o = x * 3;
                row[o] = Clamp(source[s] + fine + (n >> 7));
                row[o + 1] = Clamp(source[s + 1] + fine + ((n * 5 >> 2) >> 7));
                row[o + 2] = Clamp(source[s + 2] + fine - (n >> 8));
            }
        }
        return pixels;
    }

    private static sbyte[] Tile(ulong seed, int length)
    {
        var tile = new sbyte[length];
        var random = new SplitMix64(seed);
        for (var i = 0; i < length; i += 8)
        {
            var bits = random.Next();
            for (var j = 0; j < 8 && i + j < length; j++)
            {
                tile[i + j] = (sbyte)(bits >> (8 * j));
            }
        }
        return tile;
    }

    private static byte Clamp(int value) => (byte)(value < 0 ? 0 : value > 255 ? 255 : value);

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    /// <summary>The picture's elements in output pixels, and how to rasterize them at a coarser grid.</summary>
    private sealed class Scene
    {
        private readonly int _width;
        private readonly int _height;
        private readonly PictureLook _look;
        private readonly Rgb[] _sky;
        private readonly List<Shape> _shapes = new();
        private readonly List<TextLine> _text = new();
        private readonly List<Inset> _insets = new();
        private Box? _panel;
        private Rgb _panelColor;

        private Scene(int width, int height, PictureLook look, Rgb[] sky)
        {
            _width = width;
            _height = height;
            _look = look;
            _sky = sky;
        }

        public static Scene Create(PictureSpec spec, PictureLook look, int width, int height)
        {
            var random = new SplitMix64(spec.CompositionSeed);
            var hue = spec.HueHint is { } hint ? hint + (random.Below(30) - 15) : random.Below(360);
            var top = Rgb.FromHsv(hue + 200, 0.55, 0.35 + (random.Below(20) / 100.0));
            var bottom = Rgb.FromHsv(hue, 0.65, 0.85);
            if (spec.References.Count > 0)
            {
                // An edit starts from its references: their colour carries into the scene.
                top = top.Mix(spec.References[0].Mean, 45);
                bottom = bottom.Mix(spec.References[0].Mean, 45);
            }

            var sky = new Rgb[height];
            for (var y = 0; y < height; y++)
            {
                sky[y] = look.Apply(top.Mix(bottom, y * 100 / Math.Max(1, height - 1)));
            }

            var scene = new Scene(width, height, look, sky);
            var size = Math.Min(width, height);
            scene._shapes.Add(Shape.Disc(
                width * (15 + random.Below(70)) / 100, height * (10 + random.Below(40)) / 100,
                size * (10 + random.Below(14)) / 100, look.Apply(Rgb.FromHsv(hue + 40, 0.7, 0.98))));
            for (var i = 0; i < 3; i++)
            {
                var w = width * (20 + random.Below(50)) / 100;
                var h = height * (6 + random.Below(18)) / 100;
                var x = random.Below(Math.Max(1, width - w));
                var y = height * (45 + random.Below(40)) / 100;
                scene._shapes.Add(Shape.Block(new Box(x, y, x + w, Math.Min(height, y + h)), look.Apply(Rgb.FromHsv(hue + 150 + (i * 50), 0.6, 0.3 + (i * 0.2)))));
            }
            scene._shapes.Add(Shape.Disc(
                width * random.Below(100) / 100, height * (60 + random.Below(40)) / 100,
                size * (18 + random.Below(20)) / 100, look.Apply(Rgb.FromHsv(hue + 300, 0.5, 0.55))));

            scene.LayOutText(spec.Lettering, random.Below(100), look.Apply(Rgb.FromHsv(hue + 20, 0.12, 0.96)), look.Apply(Rgb.FromHsv(hue + 220, 0.8, 0.16)));
            scene.LayOutInsets(spec.References, look.Apply(Rgb.FromHsv(hue + 220, 0.8, 0.16)));
            return scene;
        }

        /// <summary>Each passage on its own lines, as large as fits 88% of the width, on a light panel.</summary>
        private void LayOutText(IReadOnlyList<string> passages, int placement, Rgb panel, Rgb ink)
        {
            if (passages.Count == 0)
            {
                return;
            }
            var usable = _width * 88 / 100;
            var minScale = Math.Max(1, _width / 160);
            var lines = new List<(string Text, bool Headline)>();
            for (var p = 0; p < passages.Count; p++)
            {
                foreach (var line in Wrap(passages[p], Math.Max(4, usable / (BitmapFont.Advance * minScale))))
                {
                    lines.Add((line, p == 0));
                }
            }

            // Headline at up to twice the size of the other lines; everything within 40% of the height.
            var budget = _height * 40 / 100;
            var scales = lines.Select(l => Math.Max(1, usable / (BitmapFont.Advance * l.Text.Length))).ToArray();
            var cap = Math.Max(1, budget / Math.Max(1, lines.Sum(_ => BitmapFont.GlyphHeight + 3)));
            var common = Math.Max(1, Math.Min(cap, lines.Where(l => !l.Headline).Select((_, i) => scales[lines.Count - 1 - i]).DefaultIfEmpty(cap).Min()));
            var total = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                scales[i] = Math.Max(1, Math.Min(scales[i], lines[i].Headline ? Math.Min(common * 2, cap * 2) : common));
                total += (BitmapFont.GlyphHeight + 3) * scales[i];
            }

            var margin = _width * 6 / 100;
            var top = Math.Max(margin / 2, (_height - total - margin) * (8 + (placement * 35 / 100)) / 100);
            _panel = new Box(margin / 2, top - (margin / 3), _width - (margin / 2), Math.Min(_height, top + total + (margin / 3)));
            _panelColor = panel;
            var y = top;
            for (var i = 0; i < lines.Count; i++)
            {
                var lineWidth = lines[i].Text.Length * BitmapFont.Advance * scales[i];
                _text.Add(new TextLine(lines[i].Text, (_width - lineWidth) / 2, y + scales[i], scales[i], ink));
                y += (BitmapFont.GlyphHeight + 3) * scales[i];
            }
        }

        private static IEnumerable<string> Wrap(string text, int maxChars)
        {
            var line = string.Empty;
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var piece = word.Length > maxChars ? word[..maxChars] : word;
                if (line.Length > 0 && line.Length + 1 + piece.Length > maxChars)
                {
                    yield return line;
                    line = string.Empty;
                }
                line = line.Length == 0 ? piece : line + " " + piece;
            }
            if (line.Length > 0)
            {
                yield return line;
            }
        }

        /// <summary>Reference thumbnails in a row along the bottom, framed.</summary>
        private void LayOutInsets(IReadOnlyList<Thumbnail> references, Rgb frame)
        {
            if (references.Count == 0)
            {
                return;
            }
            var margin = _width * 4 / 100;
            var side = Math.Min(Math.Min(_width, _height) * 24 / 100, (_width - (margin * (references.Count + 1))) / references.Count);
            if (side < 8)
            {
                return;
            }
            for (var i = 0; i < references.Count; i++)
            {
                var x = margin + (i * (side + margin));
                var y = _height - margin - side;
                _insets.Add(new Inset(references[i], new Box(x, y, x + side, y + side), Math.Max(1, side / 24), frame));
            }
        }

        /// <summary>Samples the scene at the centre of every <paramref name="block"/>-pixel cell.</summary>
        public byte[] Rasterize(int block)
        {
            var columns = CeilDiv(_width, block);
            var rows = CeilDiv(_height, block);
            var pixels = new byte[columns * rows * 3];
            var offset = block / 2;
            for (var row = 0; row < rows; row++)
            {
                var y = Math.Min(_height - 1, (row * block) + offset);
                var span = new Span(pixels.AsSpan(row * columns * 3, columns * 3), columns, block, offset);
                span.Fill(0, _width - 1, _sky[y]);
                foreach (var shape in _shapes)
                {
                    shape.FillRow(span, y);
                }
                if (_panel is { } panel && panel.ContainsRow(y))
                {
                    span.Fill(panel.Left, panel.Right - 1, _panelColor);
                }
                foreach (var line in _text)
                {
                    line.FillRow(span, y);
                }
                foreach (var inset in _insets)
                {
                    inset.FillRow(span, y, _look);
                }
            }
            return pixels;
        }
    }

    /// <summary>One coarse row: fills output-pixel ranges at the cells whose centres they cover.</summary>
    private readonly ref struct Span(System.Span<byte> row, int columns, int block, int offset)
    {
        private readonly System.Span<byte> _row = row;

        public int Block => block;

        /// <summary>The output x of a cell's centre.</summary>
        public int CentreOf(int column) => (column * block) + offset;

        public (int First, int Last) Cells(int from, int to) =>
            (Math.Max(0, CeilDiv(Math.Max(0, from - offset), block)), Math.Min(columns - 1, to < offset ? -1 : (to - offset) / block));

        public void Fill(int from, int to, Rgb color)
        {
            var (first, last) = Cells(from, to);
            for (var c = first; c <= last; c++)
            {
                Set(c, color);
            }
        }

        public void Set(int column, Rgb color)
        {
            var o = column * 3;
            _row[o] = color.R;
            _row[o + 1] = color.G;
            _row[o + 2] = color.B;
        }
    }

    private readonly record struct Box(int Left, int Top, int Right, int Bottom)
    {
        public bool ContainsRow(int y) => y >= Top && y < Bottom;
    }

    private readonly record struct Shape(bool IsDisc, int X, int Y, int Radius, Box Box, Rgb Color)
    {
        public static Shape Disc(int x, int y, int radius, Rgb color) => new(true, x, y, Math.Max(2, radius), default, color);

        public static Shape Block(Box box, Rgb color) => new(false, 0, 0, 0, box, color);

        public void FillRow(Span span, int y)
        {
            if (!IsDisc)
            {
                if (Box.ContainsRow(y))
                {
                    span.Fill(Box.Left, Box.Right - 1, Color);
                }
                return;
            }
            var dy = y - Y;
            var squared = (Radius * Radius) - (dy * dy);
            if (squared >= 0)
            {
                var half = (int)Math.Sqrt(squared);
                span.Fill(X - half, X + half, Color);
            }
        }
    }

    private sealed record TextLine(string Text, int Left, int Top, int Scale, Rgb Ink)
    {
        public void FillRow(Span span, int y)
        {
            if (y < Top || y >= Top + (BitmapFont.GlyphHeight * Scale))
            {
                return;
            }
            // Large letters use the smoothed glyphs (a sub-dot per Scale/4 pixels), small ones the plain dots.
            var sub = Scale >= BitmapFont.Smoothing ? BitmapFont.Smoothing : 1;
            var row = (y - Top) * sub / Scale;
            var columns = BitmapFont.GlyphWidth * sub;
            for (var i = 0; i < Text.Length; i++)
            {
                var left = Left + (i * BitmapFont.Advance * Scale);
                for (var column = 0; column < columns; column++)
                {
                    if (sub == 1 ? BitmapFont.Dot(Text[i], column, row) : BitmapFont.SmoothDot(Text[i], column, row))
                    {
                        span.Fill(left + (column * Scale / sub), left + ((column + 1) * Scale / sub) - 1, Ink);
                    }
                }
            }
        }
    }

    private sealed record Inset(Thumbnail Picture, Box Box, int Frame, Rgb FrameColor)
    {
        public void FillRow(Span span, int y, PictureLook look)
        {
            if (!Box.ContainsRow(y))
            {
                return;
            }
            if (y < Box.Top + Frame || y >= Box.Bottom - Frame)
            {
                span.Fill(Box.Left, Box.Right - 1, FrameColor);
                return;
            }
            span.Fill(Box.Left, Box.Left + Frame - 1, FrameColor);
            span.Fill(Box.Right - Frame, Box.Right - 1, FrameColor);
            var inner = Box.Right - Box.Left - (2 * Frame);
            var ty = (y - Box.Top - Frame) * Thumbnail.Side / Math.Max(1, Box.Bottom - Box.Top - (2 * Frame));
            var (first, last) = span.Cells(Box.Left + Frame, Box.Right - Frame - 1);
            for (var c = first; c <= last; c++)
            {
                var tx = (span.CentreOf(c) - Box.Left - Frame) * Thumbnail.Side / Math.Max(1, inner);
                span.Set(c, look.Apply(Picture.At(Math.Clamp(tx, 0, Thumbnail.Side - 1), Math.Clamp(ty, 0, Thumbnail.Side - 1))));
            }
        }
    }

    /// <summary>SplitMix64: tiny, fast and fully determined by its seed (System.Random's algorithm may change).</summary>
    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            state += 0x9E3779B97F4A7C15UL;
            return PictureSpec.Mix(state);
        }

        public int Below(int bound) => (int)(Next() % (ulong)Math.Max(1, bound));
    }
}
