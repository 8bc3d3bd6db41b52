using System.Buffers.Binary;
using FluxBatch.Manifest.References;
using FluxBatch.Planning.Identity;
using FluxBatch.Planning.OutputPaths;
using FluxBatch.Planning.References;
using FluxBatch.Planning.PromptRendering;

namespace FluxBatch.Runtime.Tests.Planning;

public class PlanningPartsTests
{
    [Fact]
    public void SipHash128_matches_the_reference_vector_for_an_8_byte_message()
    {
        // veorq/SipHash vectors.h, vectors_sip128[8]: key 00..0f, message 00..07.
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var output = new byte[16];

        SipHash128.Hash(
            BinaryPrimitives.ReadUInt64LittleEndian(key),
            BinaryPrimitives.ReadUInt64LittleEndian(key.AsSpan(8)),
            BinaryPrimitives.ReadUInt64LittleEndian(key),
            output);

        Assert.Equal("3b62a9ba6258f5610f83e264f31497b4", Convert.ToHexStringLower(output));
    }

    [Theory]
    [InlineData("art-deco-serif/s12-g2.5-7.png", "art-deco-serif/s12-g2.5-7.png")]
    [InlineData("../../etc/passwd", "etc/passwd")]
    [InlineData("/root/x.png", "root/x.png")]
    [InlineData("C:\\Windows\\x.png", "C_/Windows/x.png")]
    [InlineData("a/./b/../c.png", "a/b/c.png")]
    [InlineData("con.png", "_con.png")]
    [InlineData("what?<>|*.png", "what_____.png")]
    [InlineData(" .hidden. /x", "hidden/x")]
    [InlineData("../..", "fallback.png")]
    public void Output_paths_are_relative_and_safe(string rendered, string expected)
    {
        Assert.Equal(expected, OutputPath.Sanitize(rendered, "fallback.png"));
    }

    [Fact]
    public void Png_and_jpeg_sizes_are_read_from_headers()
    {
        var png = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(png, 0);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 640);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 480);
        // SOI, an APP0 segment of length 16, then SOF0 with height 300 and width 200.
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 }.Concat(new byte[14])
            .Concat(new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x00, 0xC8, 0x03 }).Concat(new byte[10]).ToArray();

        Assert.True(ImageHeader.TryReadSize(png, out var pw, out var ph));
        Assert.Equal((640, 480), (pw, ph));
        Assert.True(ImageHeader.TryReadSize(jpeg, out var jw, out var jh));
        Assert.Equal((200, 300), (jw, jh));
        Assert.False(ImageHeader.TryReadSize("GIF89a"u8.ToArray(), out _, out _));
    }

    [Theory]
    [InlineData("s{{ steps }}-g{{ guidance }}-{{ seed }}.{{ output_format }}")]
    [InlineData("{{product}}/{{ flag }}/{{-seed-}}")]
    [InlineData("plain text")]
    public void Fast_interpolation_renders_exactly_what_scriban_renders(string text)
    {
        var values = new Dictionary<string, object?>
        {
            ["steps"] = 12L, ["guidance"] = 4.0m, ["seed"] = 123456789L, ["output_format"] = "png",
            ["product"] = "Nebula Cola", ["flag"] = true,
        };

        var fast = InterpolationTemplate.TryCreate(text);

        Assert.NotNull(fast);
        Assert.Equal(new ManifestTemplateAdapter(FluxBatch.Manifest.Templates.ManifestTemplate.Parse(text)).Render(values), fast.Render(values));
    }

    [Theory]
    [InlineData("{{ font | string.handleize }}.png")]
    [InlineData("{{ if x }}a{{ end }}")]
    [InlineData("{{ steps * 2 }}")]
    public void Anything_beyond_bare_names_takes_the_full_engine(string text)
    {
        Assert.Null(InterpolationTemplate.TryCreate(text));
    }

    [Fact]
    public void Render_cache_renders_each_distinct_tuple_of_referenced_values_once()
    {
        var cache = new RenderCache<string>(new ManifestTemplateAdapter(FluxBatch.Manifest.Templates.ManifestTemplate.Parse("{{ product }}!")), s => s, capacity: 100);
        var scope = new TemplateScope([new("product", "Cola"), new("steps", 1L)]);

        for (var steps = 0L; steps < 50; steps++)
        {
            scope.Set("steps", steps);
            scope.Set("product", steps % 2 == 0 ? "Cola" : "Tea");
            Assert.Equal(steps % 2 == 0 ? "Cola!" : "Tea!", cache.Get(scope));
        }

        Assert.Equal(2, cache.Renders);
    }
}
