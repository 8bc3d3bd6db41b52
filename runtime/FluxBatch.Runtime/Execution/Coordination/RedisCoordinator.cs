using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace FluxBatch.Execution.Coordination;

/// <summary>
/// Slots and shared budgets in Redis, for every process that reaches it. Everything a process holds is a lease (a
/// member of a sorted set scored by its expiry, server time); a heartbeat renews this process's leases every third of
/// the lease time, so a process killed with -9 gives its slots and unsent reservations back when their lease expires.
/// Every change is one Lua script (<see cref="RedisScripts"/>): atomic across processes and machines.
/// </summary>
internal sealed class RedisCoordinator : ICoordinator
{
    private readonly ConnectionMultiplexer _redis;
    private readonly CoordinatorAddress _address;
    private readonly string _owner;
    private readonly ConcurrentBag<IRenewable> _renewables = [];
    private readonly PendingWrites _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private long _next;

    private RedisCoordinator(ConnectionMultiplexer redis, CoordinatorAddress address)
    {
        _redis = redis;
        _address = address;
        // Lease ids name their process, for whoever looks at the keys: host, pid and a random tail (pids are reused).
        _owner = string.Create(CultureInfo.InvariantCulture,
            $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}");
        _heartbeat = HeartbeatAsync(_stop.Token);
    }

    public string Description => _address.ToString();

    public TimeSpan Lease => _address.LeaseTime;

    private long LeaseMs => (long)Lease.TotalMilliseconds;

    private IDatabase Db => _redis.GetDatabase();

    /// <summary>Connects, or throws <see cref="CoordinatorUnavailableException"/> (the run then does not start).</summary>
    public static async Task<RedisCoordinator> ConnectAsync(CoordinatorAddress address)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { address.Host!, address.Port } },
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
            ConnectRetry = 2,
            ClientName = "fluxbatch",
        };
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            // AbortOnConnectFail covers the start; from here on the client reconnects by itself.
            return new RedisCoordinator(redis, address);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new CoordinatorUnavailableException($"coordinator {address} cannot be reached ({e.GetType().Name}); nothing was submitted", e);
        }
    }

    public IAccountSlots Slots(string account, int limit)
    {
        var slots = new RedisSlots(this, account, limit);
        _renewables.Add(slots);
        return slots;
    }

    public ISharedBudget? Budget(string name, decimal maxUsd)
    {
        var budget = new RedisBudget(this, name, maxUsd);
        _renewables.Add(budget);
        return budget;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        // Settlements and releases still on their way: a charge must not be dropped at exit.
        await _pending.WhenAllAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await _redis.CloseAsync().ConfigureAwait(false);
        _redis.Dispose();
        _stop.Dispose();
    }

    private string NewLeaseId() => string.Create(CultureInfo.InvariantCulture, $"{_owner}:{Interlocked.Increment(ref _next)}");

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                foreach (var renewable in _renewables)
                {
                    var (key, ids) = renewable.Leases();
                    if (ids.Length == 0)
                        continue;
                    try
                    {
                        await Db.ScriptEvaluateAsync(RedisScripts.Renew, [key], [LeaseMs, .. ids]).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is RedisException or TimeoutException)
                    {
                        // The next beat tries again; a lease outlives two missed beats.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs a write that must happen (a charge, a release), retrying a lost connection a few times; tracked until done.</summary>
    private void Send(string script, RedisKey[] keys, RedisValue[] values) =>
        _pending.Track(RetryAsync(() => Db.ScriptEvaluateAsync(script, keys, values)));

    private static async Task RetryAsync(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Micro-dollars, rounded up: a reservation or a charge is never smaller than its amount.</summary>
    internal static long Micros(decimal usd) => (long)Math.Ceiling(usd * 1_000_000m);

    private static decimal Usd(RedisResult micros) => (long)micros / 1_000_000m;

    private interface IRenewable
    {
        (RedisKey Key, RedisValue[] Ids) Leases();
    }

    /// <summary>An account's slots: <c>fluxbatch:slots:{ACCOUNT}</c>, a sorted set of lease ids scored by expiry.</summary>
    private sealed class RedisSlots : IAccountSlots, IRenewable
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan Unreachable = TimeSpan.FromMilliseconds(500);

        private readonly RedisCoordinator _owner;
        private readonly RedisKey _key;
        private readonly RedisKey _freed;
        private readonly SemaphoreSlim _oneWaiter = new(1, 1);
        private readonly ConcurrentStack<string> _held = new();
        private TaskCompletionSource _wake = NewWake();

        public RedisSlots(RedisCoordinator owner, string account, int limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            _owner = owner;
            Limit = limit;
            _key = $"fluxbatch:slots:{{{account}}}";
            _freed = $"fluxbatch:slots:{{{account}}}:freed";
            // Any process's release wakes this one's waiter at once; the poll below is the fallback.
            owner._redis.GetSubscriber().Subscribe(RedisChannel.Literal(_freed.ToString()), (_, _) => Wake());
        }

        public int Limit { get; }

        public int Held => _held.Count;

        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            // One waiter per process asks Redis; the others queue here in order.
            await _oneWaiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var wake = Volatile.Read(ref _wake).Task;
                    var id = _owner.NewLeaseId();
                    try
                    {
                        var taken = (long)await _owner.Db.ScriptEvaluateAsync(RedisScripts.AcquireSlot, [_key], [id, Limit, _owner.LeaseMs]).ConfigureAwait(false);
                        if (taken == 1)
                        {
                            _held.Push(id);
                            return;
                        }
                    }
                    catch (Exception e) when (e is RedisException or TimeoutException)
                    {
                        // Redis is away: wait for it rather than fail the job (it reconnects by itself).
                        await Task.Delay(Unreachable, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await Task.WhenAny(wake, Task.Delay(MaxWait, cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                _oneWaiter.Release();
            }
        }

        public void Release()
        {
            if (_held.TryPop(out var id))
                _owner.Send(RedisScripts.ReleaseSlot, [_key, _freed], [id]);
        }

        public (RedisKey Key, RedisValue[] Ids) Leases() => (_key, [.. _held.Select(id => (RedisValue)id)]);

        private void Wake()
        {
            var wake = Interlocked.Exchange(ref _wake, NewWake());
            wake.TrySetResult();
        }

        private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A shared budget: <c>fluxbatch:budget:{NAME}:…</c> (spent, reservations, their expiry, sent, charged at expiry).</summary>
    private sealed class RedisBudget : ISharedBudget, IRenewable
    {
        private readonly RedisCoordinator _owner;
        private readonly RedisKey[] _keys;
        private readonly ConcurrentDictionary<string, byte> _open = new(StringComparer.Ordinal);

        public RedisBudget(RedisCoordinator owner, string name, decimal maxUsd)
        {
            _owner = owner;
            Name = name;
            MaxUsd = maxUsd;
            var prefix = $"fluxbatch:budget:{{{name}}}:";
            _keys = [prefix + "spent", prefix + "reservations", prefix + "expiry", prefix + "sent", prefix + "charged"];
        }

        public string Name { get; }

        public decimal MaxUsd { get; }

        public async Task<SharedReservation> TryReserveAsync(decimal amountUsd, CancellationToken cancellationToken)
        {
            var id = _owner.NewLeaseId();
            var answer = (RedisResult[])(await _owner.Db.ScriptEvaluateAsync(RedisScripts.Reserve, _keys,
                [id, Micros(amountUsd), Micros(MaxUsd), _owner.LeaseMs]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            var ledger = new SharedLedgerReading(Usd(answer[1]), Usd(answer[2]), (int)answer[3]);
            if ((long)answer[0] != 1)
                return new SharedReservation(null, amountUsd, ledger);
            _open[id] = 0;
            return new SharedReservation(id, amountUsd, ledger);
        }

        public async Task MarkSentAsync(SharedReservation reservation)
        {
            try
            {
                await _owner.Db.ScriptEvaluateAsync(RedisScripts.MarkSent, _keys, [reservation.Lease!, Micros(reservation.AmountUsd), _owner.LeaseMs]).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis is away: the POST still goes (the job is reserved); only a crash in this moment would return its money.
            }
        }

        public void Settle(SharedReservation reservation, decimal chargeUsd) => Close(reservation, Micros(chargeUsd));

        public void Release(SharedReservation reservation) => Close(reservation, 0);

        public void Adjust(decimal deltaUsd)
        {
            if (deltaUsd != 0m)
                _owner.Send(RedisScripts.Adjust, [_keys[0]], [(long)Math.Round(deltaUsd * 1_000_000m)]);
        }

        public async Task<SharedLedgerReading> ReadAsync(CancellationToken cancellationToken)
        {
            var answer = (RedisResult[])(await _owner.Db.ScriptEvaluateAsync(RedisScripts.Read, _keys).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            return new SharedLedgerReading(Usd(answer[0]), Usd(answer[1]), (int)answer[2]);
        }

        public (RedisKey Key, RedisValue[] Ids) Leases() => (_keys[2], [.. _open.Keys.Select(id => (RedisValue)id)]);

        private void Close(SharedReservation reservation, long chargeMicros)
        {
            _open.TryRemove(reservation.Lease!, out _);
            _owner.Send(RedisScripts.Settle, _keys, [reservation.Lease!, chargeMicros]);
        }
    }

    /// <summary>Writes sent without waiting for them; disposal waits for the ones still going.</summary>
    private sealed class PendingWrites
    {
        private readonly ConcurrentDictionary<Task, byte> _tasks = new();

        public void Track(Task task)
        {
            _tasks[task] = 0;
            _ = task.ContinueWith(t => _tasks.TryRemove(t, out _), TaskScheduler.Default);
        }

        public async Task WhenAllAsync(TimeSpan timeout)
        {
            try
            {
                await Task.WhenAll(_tasks.Keys).WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Given up after retries: the lease expires and the reservation is settled by Redis's rules.
            }
        }
    }
}
