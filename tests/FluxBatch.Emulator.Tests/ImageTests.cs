using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FluxBatch.Emulator.Images;

namespace FluxBatch.Emulator.Tests;

public sealed class ImageTests
{
    [Fact]
    public async Task Same_request_gives_the_same_bytes()
    {
        await using var harness = await Harness.StartAsync();

        var first = await harness.ImageAsync(Harness.Body(seed: 5));
        var second = await harness.ImageAsync(Harness.Body(seed: 5));

        Assert.Equal(first, second);
        Assert.Equal(2, harness.Stats.Submissions);
    }

    [Fact]
    public async Task Different_seed_or_prompt_gives_different_bytes()
    {
        await using var harness = await Harness.StartAsync();

        var baseline = await harness.ImageAsync(Harness.Body(prompt: "a fox", seed: 5));
        var otherSeed = await harness.ImageAsync(Harness.Body(prompt: "a fox", seed: 6));
        var otherPrompt = await harness.ImageAsync(Harness.Body(prompt: "a cat", seed: 5));

        Assert.NotEqual(baseline, otherSeed);
        Assert.NotEqual(baseline, otherPrompt);
    }

    [Fact]
    public async Task Seed_prompt_steps_guidance_and_references_of_the_body_draw_the_picture()
    {
        await using var harness = await Harness.StartAsync();
        async Task<byte[]> Pixels(long seed, string extra) =>
            DecodeSubFilteredPng(await harness.ImageAsync(Harness.Body(prompt: "a poster \"OPEN\"", seed: seed, size: 128, extra: extra)), 128, 128);

        var red = Convert.ToBase64String(PngWriter.Write(Enumerable.Repeat(new byte[] { 230, 20, 20 }, 16 * 16).SelectMany(p => p).ToArray(), 16, 16));
        byte[] Expected(long seed, int steps, decimal guidance, params Thumbnail[] references) =>
            SceneRenderer.RenderRgb(PictureSpec.For("a poster \"OPEN\"", seed, steps, guidance, references, 0), 128, 128);

        // The delivered picture is the one the renderer draws from the body's seed, prompt, steps, guidance and images
        // (PictureTests measures what those do to it).
        Assert.Equal(Expected(5, 12, 3m), await Pixels(5, "\"steps\":12,\"guidance\":3"));
        Assert.Equal(Expected(5, 50, 9m), await Pixels(5, "\"steps\":50,\"guidance\":9"));
        Assert.Equal(Expected(5, 50, 3m, Thumbnail.From(red)), await Pixels(5, $"\"steps\":50,\"guidance\":3,\"input_image\":\"{red}\""));
        Assert.NotEqual(Expected(5, 50, 3m), Expected(5, 50, 3m, Thumbnail.From(red)));
        Assert.NotEqual(Expected(5, 12, 3m), Expected(5, 50, 3m));
    }

    [Theory]
    [InlineData("png", 64, 64)]
    [InlineData("png", 320, 128)]
    [InlineData("jpeg", 64, 64)]
    [InlineData("jpeg", 128, 320)]
    public async Task Image_has_the_requested_format_and_size(string format, int width, int height)
    {
        await using var harness = await Harness.StartAsync();

        var image = await harness.ImageAsync($$"""{"prompt":"x","width":{{width}},"height":{{height}},"output_format":"{{format}}"}""");

        var size = format == "png" ? ImageProbe.PngSize(image) : ImageProbe.JpegSize(image);
        Assert.Equal((width, height), size);
    }

    [Fact]
    public async Task Absent_size_and_format_give_a_1024_square_jpeg()
    {
        await using var harness = await Harness.StartAsync();

        var image = await harness.ImageAsync("""{"prompt":"x"}""");

        Assert.Equal((1024, 1024), ImageProbe.JpegSize(image));
    }

    [Theory]
    [InlineData(48, 32)] // small: stored blocks
    [InlineData(400, 64)] // over 64 KB of rows: deflated
    public void Png_decodes_back_to_the_rendered_pixels(int width, int height)
    {
        var rgb = SceneRenderer.RenderRgb(PictureSpec.For("a \"sign\"", 42, 12, 4m, [], 0), width, height);

        var png = PngWriter.Write(rgb, width, height);

        Assert.Equal(rgb, DecodeSubFilteredPng(png, width, height));
    }

    [Fact]
    public void Pictures_differ_by_seed_and_fill_the_picture()
    {
        var a = SceneRenderer.RenderRgb(PictureSpec.For("x", 1, null, null, [], 0), 64, 64);
        var b = SceneRenderer.RenderRgb(PictureSpec.For("x", 2, null, null, [], 0), 64, 64);

        Assert.NotEqual(a, b);
        Assert.True(a.Distinct().Count() > 16, "a pattern should not be a flat colour");
    }

    /// <summary>Reads back one IDAT of 8-bit RGB rows filtered with None or Sub, checking every chunk's CRC.</summary>
    private static byte[] DecodeSubFilteredPng(byte[] png, int width, int height)
    {
        var offset = 8;
        byte[]? idat = null;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(png.AsSpan(offset + 4, length + 4)), crc);
            if (type == "IDAT")
            {
                idat = png[(offset + 8)..(offset + 8 + length)];
            }
            offset += 12 + length;
        }
        Assert.NotNull(idat);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(idat), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        var stride = width * 3;
        Assert.Equal(height * (stride + 1), raw.Length);
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Assert.True(filter is 0 or 1, $"unexpected filter {filter}");
            for (var i = 0; i < stride; i++)
            {
                var left = filter == 1 && i >= 3 ? pixels[(y * stride) + i - 3] : 0;
                pixels[(y * stride) + i] = (byte)(raw[(y * (stride + 1)) + 1 + i] + left);
            }
        }
        return pixels;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
