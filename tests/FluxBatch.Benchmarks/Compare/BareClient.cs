using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FluxBatch.Benchmarks.Compare;

/// <summary>
/// The bare baseline: what a user would write by hand instead of fluxbatch. HttpClient, at most P jobs at once
/// (a SemaphoreSlim held from the submit to the written file), submit → poll the <c>polling_url</c> every
/// <c>--poll-ms</c> (default 50 ms) → download the sample without the key → write the file. No journal, no budget,
/// no sidecars, no retries beyond waiting out a 429. Run as its own process (this program in <c>bare-client</c>
/// mode), cold, as the CLI is, so both pay their start-up.
/// Usage: <c>bare-client BASE_URL N P OUT_DIR [--poll-ms 50]</c>. Prints one line: <c>bare elapsed_s=…
/// first_post_ms=… submit_to_ready_ms=… polls_per_task=…</c>.
/// </summary>
internal static class BareClient
{
    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[1]);
        var jobs = int.Parse(args[2], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        var pollEvery = TimeSpan.FromMilliseconds(CliComparison.Option(args, "--poll-ms", 50));
        var run = await RunJobsAsync(baseUrl, jobs, concurrency, args[4], pollEvery);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare elapsed_s={run.ElapsedSeconds:0.000} first_post_ms={CliComparison.SinceProcessStart(run.FirstPostTimestamp):0.0} submit_to_ready_ms={run.ReadyMeanMs:0.0} polls_per_task={run.PollsPerTask:0.00}"));
        return 0;
    }

    /// <summary>What a bare run measured; <see cref="FirstPostTimestamp"/> is a Stopwatch timestamp.</summary>
    public sealed record Run(double ElapsedSeconds, long FirstPostTimestamp, double ReadyMeanMs, double PollsPerTask);

    /// <summary>Runs <paramref name="jobs"/> jobs, at most <paramref name="concurrency"/> at once (also the harness's emulator warm-up).</summary>
    public static async Task<Run> RunJobsAsync(Uri baseUrl, int jobs, int concurrency, string outDir, TimeSpan pollEvery)
    {
        Directory.CreateDirectory(outDir);
        using var http = new HttpClient();
        var key = "bare-baseline-" + Guid.NewGuid().ToString("N");
        using var gate = new SemaphoreSlim(concurrency);
        var started = Stopwatch.GetTimestamp();
        long firstPost = 0;
        long polls = 0;
        double readySum = 0;
        var running = new List<Task>(jobs);
        for (var i = 0; i < jobs; i++)
        {
            await gate.WaitAsync();
            var index = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var (readyMs, taskPolls) = await OneJobAsync(http, baseUrl, key, index, outDir, pollEvery,
                        () => Interlocked.CompareExchange(ref firstPost, Stopwatch.GetTimestamp(), 0));
                    Interlocked.Add(ref polls, taskPolls);
                    lock (running)
                        readySum += readyMs;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(running);
        return new Run(Stopwatch.GetElapsedTime(started).TotalSeconds, firstPost, readySum / jobs, polls / (double)jobs);
    }

    private static async Task<(double ReadyMs, int Polls)> OneJobAsync(
        HttpClient http, Uri baseUrl, string key, int index, string outDir, TimeSpan pollEvery, Action onFirstPost)
    {
        var body = string.Create(CultureInfo.InvariantCulture,
            $$"""{"prompt":"bare baseline job {{index}}","seed":{{index}},"width":64,"height":64,"steps":4,"guidance":3.5,"output_format":"png","prompt_upsampling":false}""");
        string pollingUrl;
        long submitted;
        while (true)
        {
            using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "v1/flux-2-flex"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            submit.Headers.Add("x-key", key);
            onFirstPost();
            submitted = Stopwatch.GetTimestamp();
            using var answer = await http.SendAsync(submit);
            if ((int)answer.StatusCode == 429)
            {
                await Task.Delay(100); // over the account's active tasks: wait and try again
                continue;
            }
            answer.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStreamAsync());
            pollingUrl = json.RootElement.GetProperty("polling_url").GetString()!;
            break;
        }

        for (var polls = 1; ; polls++)
        {
            await Task.Delay(pollEvery);
            using var poll = new HttpRequestMessage(HttpMethod.Get, pollingUrl);
            poll.Headers.Add("x-key", key);
            using var answer = await http.SendAsync(poll);
            answer.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStreamAsync());
            var status = json.RootElement.GetProperty("status").GetString();
            if (status is "Pending" or "Reasoning" or "Generating")
                continue;
            if (status != "Ready")
                throw new InvalidOperationException($"job {index}: {status}");
            var readyMs = Stopwatch.GetElapsedTime(submitted).TotalMilliseconds;
            var sample = json.RootElement.GetProperty("result").GetProperty("sample").GetString()!;
            var image = await http.GetByteArrayAsync(sample); // no key: the delivery host is a third party
            await File.WriteAllBytesAsync(Path.Combine(outDir, index.ToString(CultureInfo.InvariantCulture) + ".png"), image);
            return (readyMs, polls);
        }
    }
}
