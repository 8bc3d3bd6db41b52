using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>
/// The contact sheet while a run is going: written when the run starts, then rewritten (atomically, like every
/// sheet) every <see cref="DefaultInterval"/>, so a user can open <c>index.html</c> and watch it fill. The page
/// reloads itself while it says it is live; <see cref="StopAsync"/> ends the rewrites, and the sheet written after
/// the run (not live) stops the reloading. It runs beside the executor and only reads the journal, so the
/// executor knows nothing of it.
/// </summary>
internal sealed class LiveContactSheet : IAsyncDisposable
{
    /// <summary>How often the live sheet is rewritten and the page reloads: 3 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(3);

    private readonly RunJobs _jobs;
    private readonly Plan _plan;
    private readonly ContactSheetOptions _options;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private LiveContactSheet(string runDirectory, Plan plan, ContactSheetOptions options, TimeSpan interval, TimeProvider time)
    {
        _jobs = new RunJobs(runDirectory);
        _plan = plan;
        _options = options;
        _interval = interval;
        _time = time;
    }

    /// <summary>Rewrites so far (the first, at start, included).</summary>
    public int Writes { get; private set; }

    /// <summary>The last rewrite's error, if one failed (the next one tries again; a sheet never stops a run).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Writes the live sheet now and keeps rewriting it until stopped.</summary>
    public static async Task<LiveContactSheet> StartAsync(string runDirectory, Plan plan, ContactSheetOptions? options = null,
        TimeSpan? interval = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var every = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(interval));
        var live = new LiveContactSheet(runDirectory, plan, options ?? new ContactSheetOptions(), every, time ?? TimeProvider.System);
        await live.WriteOnceAsync(cancellationToken).ConfigureAwait(false);
        live._loop = live.RewriteAsync();
        return live;
    }

    /// <summary>Ends the rewrites; returns once none is in progress, so the final sheet written next is the last word.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the rewrites. Disposed without <see cref="StopAsync"/> (the run threw before its final sheet), it writes
    /// a final, not-live sheet itself, so no page is left reloading forever.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var stoppedByCaller = _stop.IsCancellationRequested;
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        if (stoppedByCaller)
            return;
        try
        {
            await RunContactSheet.WriteAsync(_jobs, _plan, _options, refresh: null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            LastError = e; // the run's own error is what the user needs to see
        }
    }

    private async Task RewriteAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                await WriteOnceAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task WriteOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunContactSheet.WriteAsync(_jobs, _plan, _options, _interval, cancellationToken).ConfigureAwait(false);
            Writes++;
            LastError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            LastError = e; // the journal busy or the disk full for a moment: the next tick tries again
        }
    }
}
