using System.Text.Json;
using System.Text.RegularExpressions;
using FluxBatch.Execution;
using FluxBatch.Gallery.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using OpenQA.Selenium;

namespace FluxBatch.Gallery.Tests;

/// <summary>
/// The live sheet: written when the run starts, rewritten on every tick of its clock (a fake one here) with what the
/// journal says by then, and replaced by the final sheet, which stops the page's reloading.
/// </summary>
[Collection(EmulatorRunCollection.Name)]
public sealed partial class LiveContactSheetTests(EmulatorRun run)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Written_at_start_rewritten_every_tick_with_the_journal_and_stopped_before_the_final_sheet()
    {
        var folder = run.Scratch("live");
        var time = new FakeTimeProvider();
        var failing = run.Plan.Jobs.First();

        var live = await LiveContactSheet.StartAsync(folder, run.Plan, interval: Interval, time: time);

        Assert.Equal(1, live.Writes);
        var first = Data(folder);
        Assert.Equal(1, first.GetProperty("refresh").GetDouble());
        Assert.All(Sides(first), side => Assert.Equal("not-run", side.GetProperty("status").GetString()));
        Assert.Contains("Live:", File.ReadAllText(Page(folder)), StringComparison.Ordinal);

        await using (var journal = RunJournal.Open(folder))
            await journal.WriteDurableAsync(new JournalRecord(failing.Id, failing.Index, JobState.Failed, failing.OutputFile, failing.EstimatedUsd, Reason: "Error: boom"));
        time.Advance(Interval);
        await WaitAsync(() => live.Writes >= 2);

        Assert.Equal("failed", Sides(Data(folder)).First(s => s.GetProperty("id").GetString() == failing.Id).GetProperty("status").GetString());
        await live.StopAsync();
        var writes = live.Writes;
        await RunContactSheet.WriteAsync(folder, run.Plan);
        time.Advance(Interval * 5);

        Assert.Equal(writes, live.Writes); // stopped: the final sheet is the last word
        Assert.Equal(JsonValueKind.Null, Data(folder).GetProperty("refresh").ValueKind);
        Assert.Null(live.LastError);
        await live.DisposeAsync();
    }

    [Fact]
    public async Task Disposed_without_a_stop_it_leaves_a_final_sheet_not_a_page_that_reloads_forever()
    {
        var folder = run.Scratch("live-abandoned");

        await using (await LiveContactSheet.StartAsync(folder, run.Plan, interval: Interval, time: new FakeTimeProvider()))
            Assert.Equal(1, Data(folder).GetProperty("refresh").GetDouble());

        Assert.Equal(JsonValueKind.Null, Data(folder).GetProperty("refresh").ValueKind);
    }

    [Fact]
    public async Task The_open_page_reloads_itself_while_live_and_stops_once_the_final_sheet_is_written()
    {
        var folder = run.Scratch("live-browser");
        var time = new FakeTimeProvider();
        var job = run.Plan.Jobs.First();
        await using var live = await LiveContactSheet.StartAsync(folder, run.Plan, interval: Interval, time: time);
        using var browser = new Browser();

        browser.Open(Page(folder));
        // The live page reloads itself on its interval, so an element found once may go stale before it is read:
        // read both inside a wait, which finds them again after a reload.
        browser.WaitUntil(d => d.FindElement(By.TagName("body")).GetAttribute("data-live") == "true"
            && d.FindElement(By.CssSelector($".job[data-index='{job.Index}']")).GetAttribute("data-status") == "not-run", "the live page showing the job not run");

        await using (var journal = RunJournal.Open(folder))
            await journal.WriteDurableAsync(new JournalRecord(job.Id, job.Index, JobState.Failed, job.OutputFile, job.EstimatedUsd, Reason: "Error: boom"));
        time.Advance(Interval);
        await WaitAsync(() => live.Writes >= 2);
        // The page reloads on its own and shows the new state.
        browser.WaitUntil(d => d.FindElement(By.CssSelector($".job[data-index='{job.Index}']")).GetAttribute("data-status") == "failed", "the live page to reload");

        await live.StopAsync();
        await RunContactSheet.WriteAsync(folder, run.Plan);
        browser.WaitUntil(d => d.FindElement(By.TagName("body")).GetAttribute("data-live") is null
            && d.FindElement(By.TagName("body")).GetAttribute("data-rendered") == "true", "the final sheet to replace the live one");
        // The final page schedules no reload: it carries no refresh interval.
        Assert.Equal(JsonValueKind.Null, Data(folder).GetProperty("refresh").ValueKind);
    }

    private static string Page(string folder) => Path.Combine(folder, ContactSheetWriter.FileName);

    private static JsonElement Data(string folder) =>
        JsonDocument.Parse(DataBlock().Match(File.ReadAllText(Page(folder))).Groups[1].Value).RootElement;

    private static IEnumerable<JsonElement> Sides(JsonElement data) =>
        data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sides")[0]);

    /// <summary>Waits for the rewrite the fake clock's tick started (it runs on the thread pool).</summary>
    private static async Task WaitAsync(Func<bool> done)
    {
        for (var i = 0; i < 600 && !done(); i++)
            await Task.Delay(50);
        Assert.True(done(), "the live sheet was not rewritten");
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"sheet-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();
}

/// <summary>The README's command as a user types it: <c>fluxbatch run</c> writes the live sheet before its first job ends, and the final one after.</summary>
public sealed class LiveRunCommandTests
{
    [Fact]
    public async Task Run_writes_a_live_sheet_while_going_and_a_final_one_when_done()
    {
        var work = Directory.CreateTempSubdirectory("fluxbatch-live-run-");
        try
        {
            // Each image takes 3 s on this emulator: the run lasts as long as we need to look at its folder.
            await using var emulator = await Emulator.EmulatorServer.StartAsync(
                new Emulator.Options.EmulatorOptions { Latency = Emulator.Options.LatencySpec.Fixed(TimeSpan.FromSeconds(3)) }, CancellationToken.None);
            var manifest = Path.Combine(work.FullName, "live.flux.yaml");
            await File.WriteAllTextAsync(manifest, """
                name: live
                prompt: "A poster"
                defaults: { width: 256, height: 256, output_format: png, prompt_upsampling: false }
                sweep: { grid: { steps: [12, 24] } }
                concurrency: 1
                """);
            var page = Path.Combine(work.FullName, "runs", "live", ContactSheetWriter.FileName);

            var running = Fluxbatch.RunAsync("run", manifest, "--provider", "emulator", "--base-url", emulator.BaseUrl.ToString(), "--poll-interval", "0.05");
            string? seenLive = null;
            while (!running.IsCompleted && seenLive is null)
            {
                if (File.Exists(page) && File.ReadAllText(page) is var html && html.Contains("Live: this run is in progress", StringComparison.Ordinal))
                    seenLive = html;
                await Task.Delay(50);
            }
            var result = await running;

            Assert.True(result.ExitCode == 0, result.Output + result.Errors);
            Assert.NotNull(seenLive);
            Assert.Contains("\"refresh\":3", seenLive, StringComparison.Ordinal);
            var final = File.ReadAllText(page);
            Assert.Contains("\"refresh\":null", final, StringComparison.Ordinal);
            Assert.Contains("Last run: Completed", final, StringComparison.Ordinal);
            Assert.False(File.Exists(page + ".tmp"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
