using BenchmarkDotNet.Attributes;
using FluxBatch.Emulator.Images;

namespace FluxBatch.Benchmarks.Emulator;

/// <summary>
/// The emulator's image cost per download (render + encode): it must stay cheap so the emulator is never the
/// bottleneck of executor benchmarks (target: 64×64 at thousands per second, 1024×1536 PNG in tens of ms).
/// </summary>
[MemoryDiagnoser]
public class EmulatorImageBenchmarks
{
    [Params("64x64 png", "1024x1536 png", "1024x1536 jpeg")]
    public string Case { get; set; } = "";

    // A poster prompt, so the lettering is drawn too.
    private const string Prompt = "A concert poster for \"Night Owls\", headline \"LIVE AT THE ROUNDHOUSE\"";
    private int _width;
    private int _height;
    private ImageFormat _format;
    private long _seed;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Case.Split(' ');
        var size = parts[0].Split('x');
        _width = int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture);
        _height = int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture);
        _format = parts[1] == "png" ? ImageFormat.Png : ImageFormat.Jpeg;
    }

    [Benchmark]
    public byte[] RenderAndEncode() =>
        ImageEncoder.Encode(SceneRenderer.RenderRgb(PictureSpec.For(Prompt, ++_seed, 28, 4.5m, [], 0), _width, _height), _width, _height, _format);
}
