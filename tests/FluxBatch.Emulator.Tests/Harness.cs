using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Emulator.Tests;

/// <summary>An emulator on 127.0.0.1 (port 0) and a plain HttpClient speaking the wire protocol to it.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public const string Key = "test-key-0123456789abcdef";

    private Harness(RunningEmulator emulator) => Emulator = emulator;

    public RunningEmulator Emulator { get; }

    public HttpClient Http { get; } = new();

    public EmulatorStats Stats => Emulator.Stats;

    public static async Task<Harness> StartAsync(EmulatorOptions? options = null) =>
        new(await EmulatorServer.StartAsync(options ?? new EmulatorOptions(), CancellationToken.None));

    /// <summary>A small valid flex body; <paramref name="extra"/> is spliced in as more JSON members.</summary>
    public static string Body(string prompt = "a red fox", long seed = 1, int size = 64, string format = "png", string? extra = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"prompt":{{JsonSerializer.Serialize(prompt)}},"seed":{{seed}},"width":{{size}},"height":{{size}},"output_format":"{{format}}"{{(extra is null ? "" : "," + extra)}}}""");

    public Task<HttpResponseMessage> SubmitAsync(string body, string model = "flux-2-flex", string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.BaseUrl, "/v1/" + model))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("x-key", key);
        }
        return Http.SendAsync(request);
    }

    /// <summary>Submits and asserts 200; returns the response body.</summary>
    public async Task<JsonElement> SubmitOkAsync(string body, string model = "flux-2-flex")
    {
        using var response = await SubmitAsync(body, model);
        var json = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"submit answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public Task<HttpResponseMessage> GetAsync(string url, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Add("x-key", key);
        }
        return Http.SendAsync(request);
    }

    /// <summary>Polls once and asserts 200; returns the body.</summary>
    public async Task<JsonElement> PollAsync(string pollingUrl)
    {
        using var response = await GetAsync(pollingUrl);
        var json = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"poll answered {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Submit, poll (zero latency: Ready at once), return the sample URL.</summary>
    public async Task<string> SampleUrlAsync(string body, string model = "flux-2-flex")
    {
        var submitted = await SubmitOkAsync(body, model);
        var polled = await PollAsync(submitted.GetProperty("polling_url").GetString()!);
        Assert.Equal("Ready", polled.GetProperty("status").GetString());
        return polled.GetProperty("result").GetProperty("sample").GetString()!;
    }

    /// <summary>Downloads without any key, as a client must; asserts 200.</summary>
    public async Task<byte[]> DownloadAsync(string sampleUrl)
    {
        using var response = await Http.GetAsync(sampleUrl);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<byte[]> ImageAsync(string body, string model = "flux-2-flex") => await DownloadAsync(await SampleUrlAsync(body, model));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>Reads the pixel size of PNG and JPEG files from their headers, independently of the emulator's code.</summary>
internal static class ImageProbe
{
    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    public static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
        var i = 2;
        while (i + 9 < jpeg.Length)
        {
            Assert.Equal(0xFF, jpeg[i]);
            var marker = jpeg[i + 1];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 5)));
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        throw new Xunit.Sdk.XunitException("no start-of-frame marker in the JPEG");
    }
}
