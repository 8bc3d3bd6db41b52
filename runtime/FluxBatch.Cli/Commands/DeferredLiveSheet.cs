using FluxBatch.Gallery;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// The live contact sheet, started once the run's first POST is out (or the run ended without one) instead of before
/// the run: its first write reads the journal and renders a cell per job, which the first POST does not need
/// (issue 14: process start → first POST ≤ 300 ms). Stopping and disposing wait for the start, then act as
/// <see cref="LiveContactSheet"/> does (disposed without a stop, it writes a final, not-live sheet).
/// </summary>
internal sealed class DeferredLiveSheet : IAsyncDisposable
{
    private readonly Task<LiveContactSheet> _starting;

    private DeferredLiveSheet(Task<LiveContactSheet> starting) => _starting = starting;

    public static DeferredLiveSheet StartAfter(Task firstPost, Task run, string runDirectory, Plan plan) =>
        new(StartAsync(firstPost, run, runDirectory, plan));

    public async Task StopAsync() => await (await _starting.ConfigureAwait(false)).StopAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await (await _starting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);

    private static async Task<LiveContactSheet> StartAsync(Task firstPost, Task run, string runDirectory, Plan plan)
    {
        await Task.WhenAny(firstPost, run).ConfigureAwait(false);
        return await LiveContactSheet.StartAsync(runDirectory, plan, cancellationToken: CancellationToken.None).ConfigureAwait(false);
    }
}
