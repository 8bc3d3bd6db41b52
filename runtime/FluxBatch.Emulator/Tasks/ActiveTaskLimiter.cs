namespace FluxBatch.Emulator.Tasks;

/// <summary>
/// The per-key limit of active tasks (24 on the real API). A task is active from its creation until its
/// completion time; finished tasks are pruned lazily, by completion order, whenever a key is consulted.
/// </summary>
internal sealed class ActiveTaskLimiter(int limit, TimeProvider time)
{
    public int Limit => limit;

    private readonly Dictionary<string, PriorityQueue<string, DateTimeOffset>> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _peak;
    private long _refused;

    /// <summary>The most tasks one key ever had active at once (what a coordinator of several clients must keep within the limit).</summary>
    public int PeakPerKey { get { lock (_lock) return _peak; } }

    /// <summary>Submits refused because the key had reached the limit (the 429s of the account limit, not injected ones).</summary>
    public long Refused { get { lock (_lock) return _refused; } }

    /// <summary>
    /// Admits a task that will complete at <paramref name="completesAt"/>, or refuses with the time until the
    /// earliest active task of this key completes.
    /// </summary>
    public bool TryAdmit(string keyFingerprint, string taskId, DateTimeOffset completesAt, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_byKey.TryGetValue(keyFingerprint, out var active))
            {
                active = new PriorityQueue<string, DateTimeOffset>();
                _byKey[keyFingerprint] = active;
            }
            Prune(active, now);
            if (active.Count >= limit)
            {
                active.TryPeek(out _, out var earliest);
                retryAfter = earliest - now;
                _refused++;
                return false;
            }
            active.Enqueue(taskId, completesAt);
            _peak = Math.Max(_peak, active.Count);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Active tasks across every key, now.</summary>
    public int CountActive()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var total = 0;
            foreach (var active in _byKey.Values)
            {
                Prune(active, now);
                total += active.Count;
            }
            return total;
        }
    }

    private static void Prune(PriorityQueue<string, DateTimeOffset> active, DateTimeOffset now)
    {
        while (active.TryPeek(out _, out var completesAt) && completesAt <= now)
        {
            active.Dequeue();
        }
    }
}
