using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;

namespace FluxBatch.Benchmarks.Emulator;

/// <summary>
/// One whole job against the emulator over loopback HTTP, as a client does it: submit, poll (zero latency:
/// Ready at once), download the 64×64 PNG without the key. Client and server share this process.
/// </summary>
[MemoryDiagnoser]
public class EmulatorRoundTripBenchmarks
{
    private const string Key = "bench-key-0123456789abcdef";
    private RunningEmulator? _emulator;
    private HttpClient? _http;
    private long _job;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { MaxActiveTasksPerKey = int.MaxValue }, CancellationToken.None);
        _http = new HttpClient();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<int> SubmitPollDownload()
    {
        var job = Interlocked.Increment(ref _job);
        using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri(_emulator!.BaseUrl, "/v1/flux-2-flex"))
        {
            Content = new StringContent($$"""{"prompt":"job {{job}}","seed":{{job}},"width":64,"height":64,"output_format":"png"}""", Encoding.UTF8, "application/json"),
        };
        submit.Headers.Add("x-key", Key);
        using var submitted = await _http!.SendAsync(submit);
        using var submitBody = JsonDocument.Parse(await submitted.Content.ReadAsStreamAsync());

        using var poll = new HttpRequestMessage(HttpMethod.Get, submitBody.RootElement.GetProperty("polling_url").GetString());
        poll.Headers.Add("x-key", Key);
        using var polled = await _http.SendAsync(poll);
        using var pollBody = JsonDocument.Parse(await polled.Content.ReadAsStreamAsync());

        var image = await _http.GetByteArrayAsync(pollBody.RootElement.GetProperty("result").GetProperty("sample").GetString());
        return image.Length;
    }
}
