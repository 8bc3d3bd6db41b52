namespace FluxBatch.Emulator.Images;

/// <summary>
/// What <c>steps</c> and <c>guidance</c> do to an emulated picture, as the real model's trade-offs look:
/// few steps render the composition coarse (in blocks) and noisy, 50 steps clean with the paper grain showing;
/// more guidance pushes contrast and saturation up. Every curve is monotonic, so a sweep reads in order.
/// </summary>
internal readonly record struct PictureLook(int BlockSize, int NoiseAmplitude, int GrainAmplitude, int ContrastPercent, int SaturationPercent)
{
    public const int MaxSteps = 50;
    public const decimal MinGuidance = 1.5m;
    public const decimal MaxGuidance = 10m;

    /// <summary>What the API does when the field is absent (flux-api.md): 50 steps, guidance 4.5.</summary>
    public const int DefaultSteps = MaxSteps;
    public const decimal DefaultGuidance = 4.5m;

    public static PictureLook For(int? steps, decimal? guidance)
    {
        // r: how far sampling got, 0 at one step, 1 at fifty.
        var r = (Math.Clamp(steps ?? DefaultSteps, 1, MaxSteps) - 1) / (double)(MaxSteps - 1);
        var rough = 1 - r;
        // g: how hard the picture follows the prompt, 0 at guidance 1.5, 1 at 10.
        var g = (double)((Math.Clamp(guidance ?? DefaultGuidance, MinGuidance, MaxGuidance) - MinGuidance) / (MaxGuidance - MinGuidance));
        return new PictureLook(
            BlockSize: 1 + (int)Math.Round(21 * rough * rough),
            NoiseAmplitude: (int)Math.Round(80 * Math.Pow(rough, 1.5)),
            GrainAmplitude: (int)Math.Round(10 * r * r),
            ContrastPercent: (int)Math.Round(70 + (55 * g)),
            SaturationPercent: (int)Math.Round(45 + (105 * g)));
    }

    /// <summary>A palette colour as this guidance shows it: saturation around its grey, then contrast around mid-grey.</summary>
    public Rgb Apply(Rgb color)
    {
        var luma = ((77 * color.R) + (150 * color.G) + (29 * color.B)) >> 8;
        return new Rgb(Channel(color.R, luma), Channel(color.G, luma), Channel(color.B, luma));
    }

    private byte Channel(int value, int luma)
    {
        var saturated = luma + ((value - luma) * SaturationPercent / 100);
        return (byte)Math.Clamp(128 + ((saturated - 128) * ContrastPercent / 100), 0, 255);
    }
}

/// <summary>An RGB colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>From hue (degrees), saturation and value (0..1).</summary>
    public static Rgb FromHsv(double hue, double saturation, double value)
    {
        var h = ((hue % 360) + 360) % 360 / 60;
        var c = value * saturation;
        var x = c * (1 - Math.Abs((h % 2) - 1));
        var (r, g, b) = (int)h switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        var m = value - c;
        return new Rgb(Byte(r + m), Byte(g + m), Byte(b + m));
    }

    public Rgb Mix(Rgb other, int percent) => new(
        (byte)(R + ((other.R - R) * percent / 100)),
        (byte)(G + ((other.G - G) * percent / 100)),
        (byte)(B + ((other.B - B) * percent / 100)));

    private static byte Byte(double unit) => (byte)Math.Clamp((int)Math.Round(unit * 255), 0, 255);
}
