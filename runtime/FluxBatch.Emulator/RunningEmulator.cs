using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Tasks;
using Microsoft.AspNetCore.Builder;

namespace FluxBatch.Emulator;

/// <summary>A started emulator: where it listens, what it has counted, and its tasks. Dispose to stop it.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;

    internal RunningEmulator(WebApplication app, EmulatorState state)
    {
        _app = app;
        _state = state;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, without a trailing slash: the base URL a client is given.</summary>
    public Uri BaseUrl => new(_state.BaseUrl);

    /// <summary>Where BFL polling URLs point: the second loopback port when <see cref="EmulatorOptions.PollingPort"/> is set, else <see cref="BaseUrl"/>.</summary>
    public Uri PollingBaseUrl => new(_state.PollingBaseUrl);

    /// <summary>The bound port.</summary>
    public int Port => BaseUrl.Port;

    public EmulatorOptions Options => _state.Options;

    public EmulatorStats Stats => _state.Stats;

    /// <summary>A task by id, or null if it was never created or is forgotten (<see cref="EmulatorOptions.TaskRetention"/>).</summary>
    public EmulatedTaskInfo? FindTask(string id) => _state.Tasks.Find(id, _state.Time.GetUtcNow())?.ToInfo();

    /// <summary>Every task created and not yet forgotten (in no particular order).</summary>
    public IReadOnlyList<EmulatedTaskInfo> Tasks => _state.Tasks.All(_state.Time.GetUtcNow()).Select(t => t.ToInfo()).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
