using FluxBatch.Execution.Coordination;
using FluxBatch.Runtime.Tests.Support;
using StackExchange.Redis;

namespace FluxBatch.Runtime.Tests.Coordination;

/// <summary>The Redis coordinator's scripts against a real redis-server: slots, leases, and the shared ledger's rules.</summary>
public sealed class RedisCoordinatorTests
{
    [SkippableFact]
    public async Task Three_processes_worth_of_coordinators_never_hold_more_than_the_limit()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        var coordinators = new List<RedisCoordinator>();
        for (var i = 0; i < 3; i++)
            coordinators.Add(await Connect(redis));
        try
        {
            var slots = coordinators.Select(c => c.Slots("acct", 5)).ToList();
            var held = 0;
            var peak = 0;
            var gate = new object();
            // 3 x 20 jobs, each holding a slot a moment: the count of slots held anywhere never passes 5.
            var jobs = slots.SelectMany(s => Enumerable.Range(0, 20).Select(async _ =>
            {
                await s.AcquireAsync(CancellationToken.None);
                lock (gate)
                    peak = Math.Max(peak, ++held);
                await Task.Delay(Random.Shared.Next(1, 15));
                lock (gate)
                    held--;
                s.Release();
            }));
            await Task.WhenAll(jobs).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.InRange(peak, 1, 5);
            Assert.All(slots, s => Assert.Equal(0, s.Held));
        }
        finally
        {
            foreach (var c in coordinators)
                await c.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_slot_whose_heartbeat_stopped_returns_after_its_lease()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        var dead = await Connect(redis, lease: 1);
        await dead.Slots("acct", 1).AcquireAsync(CancellationToken.None);
        await dead.DisposeAsync(); // stops the heartbeat without releasing: as a killed process leaves it
        await using var alive = await Connect(redis, lease: 1);

        await alive.Slots("acct", 1).AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task The_heartbeat_keeps_a_held_slot_past_its_lease()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        // A lease of 2 s renewed every 0.67 s: a heartbeat may be late by more than a second on a loaded machine and still hold.
        await using var holder = await Connect(redis, lease: 2);
        await holder.Slots("acct", 1).AcquireAsync(CancellationToken.None);
        await using var other = await Connect(redis, lease: 2);
        var waiting = other.Slots("acct", 1).AcquireAsync(CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(5)); // two and a half leases: it is still held

        Assert.False(waiting.IsCompleted);
    }

    [SkippableFact]
    public async Task A_shared_ledger_refuses_what_would_pass_its_maximum_and_keeps_charges()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var one = await Connect(redis);
        await using var two = await Connect(redis);
        var a = one.Budget("team", 1.00m)!;
        var b = two.Budget("team", 1.00m)!;

        var first = await a.TryReserveAsync(0.60m, CancellationToken.None);
        var second = await b.TryReserveAsync(0.50m, CancellationToken.None);
        Assert.True(first.Granted);
        Assert.False(second.Granted); // 0.60 reserved + 0.50 > 1.00
        Assert.Equal(new SharedLedgerReading(0m, 0.60m, 1), second.Ledger);

        await a.MarkSentAsync(first);
        a.Settle(first, 0.45m); // charged less than reserved
        await Eventually(async () => (await b.ReadAsync(CancellationToken.None)) == new SharedLedgerReading(0.45m, 0m, 0));
        Assert.True((await b.TryReserveAsync(0.50m, CancellationToken.None)).Granted);
        Assert.False((await a.TryReserveAsync(0.10m, CancellationToken.None)).Granted);
    }

    [SkippableFact]
    public async Task A_dead_processes_unsent_reservation_returns_and_a_sent_one_is_charged()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        var dead = await Connect(redis, lease: 0.5);
        var ledger = dead.Budget("team", 1.00m)!;
        var unsent = await ledger.TryReserveAsync(0.30m, CancellationToken.None);
        var sent = await ledger.TryReserveAsync(0.20m, CancellationToken.None);
        await ledger.MarkSentAsync(sent);
        await dead.DisposeAsync();
        await using var alive = await Connect(redis);
        var reader = alive.Budget("team", 1.00m)!;

        // After the lease: the unsent 0.30 is free again; the sent 0.20 may have been billed, so it stays spent.
        await Eventually(async () => (await reader.ReadAsync(CancellationToken.None)) == new SharedLedgerReading(0.20m, 0m, 0));
        Assert.True(unsent.Granted && sent.Granted);
    }

    [SkippableFact]
    public async Task A_late_settlement_of_an_expired_sent_reservation_replaces_its_charge()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        var stalled = await Connect(redis, lease: 0.5);
        var sent = await stalled.Budget("team", 1.00m)!.TryReserveAsync(0.20m, CancellationToken.None);
        await stalled.Budget("team", 1.00m)!.MarkSentAsync(sent);
        await stalled.DisposeAsync(); // no more heartbeats: the lease lapses and the sent 0.20 counts as charged
        await using var later = await Connect(redis);
        var ledger = later.Budget("team", 1.00m)!;
        await Eventually(async () => (await ledger.ReadAsync(CancellationToken.None)) == new SharedLedgerReading(0.20m, 0m, 0));

        ledger.Settle(sent, 0.15m); // the answer arrives after all: its charge replaces the 0.20
        await Eventually(async () => (await ledger.ReadAsync(CancellationToken.None)) == new SharedLedgerReading(0.15m, 0m, 0));
        ledger.Adjust(-0.15m); // moderated: refunded
        await Eventually(async () => (await ledger.ReadAsync(CancellationToken.None)).SpentUsd == 0m);
    }

    internal static async Task<RedisCoordinator> Connect(RedisServer redis, double? lease = null) =>
        await RedisCoordinator.ConnectAsync(CoordinatorAddress.TryParse(redis.Address(lease), out _)!);

    internal static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(25);
        }
    }
}
