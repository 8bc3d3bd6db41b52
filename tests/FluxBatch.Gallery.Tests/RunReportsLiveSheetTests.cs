using System.Text.Json;
using System.Text.RegularExpressions;
using FluxBatch.Gallery.Tests.Support;

namespace FluxBatch.Gallery.Tests;

/// <summary>
/// The live sheet through the door (<see cref="RunReports.StartLiveSheet"/>): bound to the run's task, disposing it
/// after a completed run only stops the rewrites (the caller's final sheet follows); after a failed run it leaves a
/// final, not-live sheet itself.
/// </summary>
[Collection(EmulatorRunCollection.Name)]
public sealed partial class RunReportsLiveSheetTests(EmulatorRun run)
{
    [Fact]
    public async Task After_a_completed_run_disposing_stops_the_rewrites_and_leaves_the_final_sheet_to_the_caller()
    {
        var folder = run.Scratch("door-live-completed");
        var finished = new TaskCompletionSource();
        var live = RunReports.StartLiveSheet(folder, run.Plan, finished.Task);
        await WaitForPageAsync(folder);

        finished.SetResult();
        await live.DisposeAsync();

        Assert.Equal(3, Refresh(folder).GetDouble()); // still the live page: no final sheet written by the live sheet
        await RunReports.WriteContactSheetAsync(folder, run.Plan);
        Assert.Equal(JsonValueKind.Null, Refresh(folder).ValueKind);
        await live.DisposeAsync(); // a second dispose (await using after the explicit one) does nothing
        Assert.Equal(JsonValueKind.Null, Refresh(folder).ValueKind);
    }

    [Fact]
    public async Task After_a_failed_run_disposing_writes_a_final_not_live_sheet()
    {
        var folder = run.Scratch("door-live-failed");
        var failed = new TaskCompletionSource();
        var live = RunReports.StartLiveSheet(folder, run.Plan, failed.Task, startAfter: Task.CompletedTask);
        await WaitForPageAsync(folder);

        failed.SetException(new IOException("the run broke"));
        await live.DisposeAsync();

        Assert.Equal(JsonValueKind.Null, Refresh(folder).ValueKind);
    }

    [Fact]
    public async Task The_first_write_waits_for_start_after_or_the_run()
    {
        var folder = run.Scratch("door-live-deferred");
        var firstPost = new TaskCompletionSource();
        var finished = new TaskCompletionSource();
        await using var live = RunReports.StartLiveSheet(folder, run.Plan, finished.Task, startAfter: firstPost.Task);
        await Task.Delay(200);
        Assert.False(File.Exists(Page(folder)));

        firstPost.SetResult();
        await WaitForPageAsync(folder);
        finished.SetResult();
    }

    private static string Page(string folder) => Path.Combine(folder, "index.html");

    /// <summary>The page's reload interval in seconds (3 while live), or a JSON null on a final sheet.</summary>
    private static JsonElement Refresh(string folder) =>
        JsonDocument.Parse(DataBlock().Match(File.ReadAllText(Page(folder))).Groups[1].Value).RootElement.GetProperty("refresh").Clone();

    private static async Task WaitForPageAsync(string folder)
    {
        for (var i = 0; i < 200 && !File.Exists(Page(folder)); i++)
            await Task.Delay(50);
        Assert.True(File.Exists(Page(folder)), "the live sheet was not written");
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"sheet-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();
}
