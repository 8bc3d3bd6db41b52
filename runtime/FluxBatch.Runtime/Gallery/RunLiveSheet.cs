using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>
/// The live contact sheet bound to one run (<see cref="RunReports.StartLiveSheet"/>): started once
/// <c>startAfter</c> (or the run) completes, stopped by disposing. Whether the sheet it leaves is final follows from
/// the run: a run that completed is followed by its final sheet (the caller writes it, with scores), so disposing
/// only stops the rewrites; a run that failed or is still going gets a final, not-live sheet written here, so no
/// page is left reloading forever.
/// </summary>
internal sealed class RunLiveSheet : IAsyncDisposable
{
    private readonly Task _run;
    private readonly Task<LiveContactSheet> _starting;
    private Task? _disposing;

    internal RunLiveSheet(string runDirectory, Plan plan, Task run, Task? startAfter, ContactSheetOptions? options)
    {
        _run = run;
        _starting = StartAsync(runDirectory, plan, run, startAfter, options);
    }

    public ValueTask DisposeAsync() => new(_disposing ??= StopAsync());

    private static async Task<LiveContactSheet> StartAsync(string runDirectory, Plan plan, Task run, Task? startAfter, ContactSheetOptions? options)
    {
        if (startAfter is not null)
            await Task.WhenAny(startAfter, run).ConfigureAwait(false);
        return await LiveContactSheet.StartAsync(runDirectory, plan, options, cancellationToken: CancellationToken.None).ConfigureAwait(false);
    }

    private async Task StopAsync()
    {
        var live = await _starting.ConfigureAwait(false);
        if (_run.IsCompletedSuccessfully)
            await live.StopAsync().ConfigureAwait(false); // stopped by the caller: DisposeAsync writes no final sheet
        await live.DisposeAsync().ConfigureAwait(false);
    }
}
