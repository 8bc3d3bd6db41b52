namespace FluxBatch.Execution;

/// <summary>
/// Bounds the jobs downloading and writing their image at once. A job enters before it gives its API slot back,
/// so when deliveries fall behind (a slow disk), jobs keep their slots and no new tasks are submitted whose sample
/// URLs could expire while they wait: memory and the backlog stay bounded by the concurrency.
/// </summary>
internal sealed class DeliveryGate(int places)
{
    private readonly SemaphoreSlim _places = new(places, places);

    public Task EnterAsync(CancellationToken cancellationToken) => _places.WaitAsync(cancellationToken);

    public void Leave() => _places.Release();
}
