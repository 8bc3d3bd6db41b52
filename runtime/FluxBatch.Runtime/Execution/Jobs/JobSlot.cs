namespace FluxBatch.Execution.Jobs;

/// <summary>
/// What one job holds: its start (from the producer), then a limiter slot while its task is active at the API,
/// then a delivery place while its image is downloaded and written. Releasing twice is harmless.
/// </summary>
internal sealed class JobSlot(ConcurrencyLimiter limiter)
{
    private Hold _hold = Hold.Started;
    private bool _forecast;
    private DeliveryGate? _delivery;

    private enum Hold { Started, Slot, Nothing }

    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        _hold = Hold.Slot;
    }

    /// <summary>The task should be Ready about a journal flush from now (once per job).</summary>
    public void Forecast()
    {
        if (_hold != Hold.Slot || _forecast)
            return;
        _forecast = true;
        limiter.Forecast();
    }

    /// <summary>A 429: the slot goes back for a while; the job stays started.</summary>
    public void GiveBack()
    {
        if (_hold != Hold.Slot)
            return;
        limiter.Yield();
        _hold = Hold.Started;
    }

    /// <summary>Ready: the API slot goes to the next job while this one holds <paramref name="gate"/>'s place until released.</summary>
    public void MoveToDelivery(DeliveryGate gate)
    {
        Release();
        _delivery = gate;
    }

    public void Release()
    {
        if (_hold == Hold.Started)
            limiter.Abandon();
        else if (_hold == Hold.Slot)
            limiter.Release(_forecast);
        _hold = Hold.Nothing;
        _delivery?.Leave();
        _delivery = null;
    }
}
