using System.Globalization;
using FluxBatch.Execution;
using Spectre.Console;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// Shows a running batch: a Spectre progress bar (done/total, in flight, failed, spent against budget, ETA) on an
/// interactive terminal; one plain line every few seconds when the output is redirected or on CI.
/// </summary>
internal static class RunProgressView
{
    private static readonly TimeSpan BarRefresh = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LineRefresh = TimeSpan.FromSeconds(2);

    public static bool IsInteractive(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static async Task<RunReport> ShowAsync(IAnsiConsole console, Func<RunProgress> progress, Task<RunReport> run)
    {
        if (!IsInteractive(console))
            return await ShowLinesAsync(console, progress, run);

        RunReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var snapshot = progress();
                var bar = context.AddTask(Describe(snapshot), maxValue: Math.Max(1, snapshot.TotalJobs));
                while (!run.IsCompleted)
                {
                    Update(bar, progress());
                    await Task.WhenAny(run, Task.Delay(BarRefresh));
                }
                report = await run;
                Update(bar, progress());
                bar.StopTask();
            });
        return report!;
    }

    private static async Task<RunReport> ShowLinesAsync(IAnsiConsole console, Func<RunProgress> progress, Task<RunReport> run)
    {
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(LineRefresh));
            if (!run.IsCompleted)
                Console.Out.WriteLine("progress: " + Describe(progress()) + Eta(progress()));
        }
        var report = await run;
        // The last line is the final count, so a log or a pipe ends with what the run actually did.
        Console.Out.WriteLine("progress: " + Describe(progress()));
        return report;
    }

    private static void Update(ProgressTask bar, RunProgress snapshot)
    {
        bar.Description = Markup.Escape(Describe(snapshot));
        // The bar fills with images, not with jobs merely settled: after Ctrl-C the jobs not run leave it short.
        bar.Value = Done(snapshot);
    }

    /// <summary>Jobs whose image is in the folder: downloaded now or by an earlier run.</summary>
    private static long Done(RunProgress p) => p.Downloaded + p.AlreadyDone;

    internal static string Describe(RunProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{Done(p)}/{p.TotalJobs} done · {p.InFlight} in flight (limit {p.ConcurrencyLimit}) · {p.Failed} failed{Optional(p.InDoubt, "in doubt")}{Optional(p.Unfinished, "unfinished")}{Optional(p.NotRun, "not run")} · {UsdText.Format(p.SpentUsd)}{(p.BudgetUsd is { } b ? " of " + UsdText.Format(b) : "")} spent");

    private static string Optional(long count, string what) =>
        count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" · {count} {what}");

    private static string Eta(RunProgress p)
    {
        if (p.Finished == 0 || p.Finished >= p.TotalJobs)
            return "";
        var remaining = TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / p.Finished * (p.TotalJobs - p.Finished));
        return $" · ETA {remaining:hh\\:mm\\:ss}";
    }

}
