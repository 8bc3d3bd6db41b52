namespace FluxBatch.Emulator.Billing;

/// <summary>The account balance behind <c>GET /v1/credits</c>; charges are atomic so concurrent submits cannot overdraw.</summary>
internal sealed class CreditLedger(decimal initialCredits)
{
    private readonly Lock _lock = new();
    private decimal _charged;

    public decimal Charged
    {
        get
        {
            lock (_lock)
            {
                return _charged;
            }
        }
    }

    public decimal Balance
    {
        get
        {
            lock (_lock)
            {
                return initialCredits - _charged;
            }
        }
    }

    /// <summary>Charges if the balance covers it; false (and nothing charged) otherwise.</summary>
    public bool TryCharge(decimal credits)
    {
        lock (_lock)
        {
            if (initialCredits - _charged < credits)
            {
                return false;
            }
            _charged += credits;
            return true;
        }
    }

    /// <summary>Gives back a charge whose task was not created after all.</summary>
    public void Refund(decimal credits)
    {
        lock (_lock)
        {
            _charged -= credits;
        }
    }
}
