namespace FluxBatch.Execution.Coordination;

/// <summary>
/// The Lua scripts of the Redis coordinator. Redis runs a script atomically (no other command runs in between), so
/// "prune expired leases, count, add" is one step for every process on every machine. Time is the server's
/// (<c>TIME</c>), so the machines' clocks do not have to agree. Amounts are integer micro-dollars.
/// </summary>
internal static class RedisScripts
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    /// <summary>KEYS: slots zset. ARGV: lease id, limit, lease ms. 1 if taken.</summary>
    public const string AcquireSlot = Now + """

        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: slots zset, freed channel. ARGV: lease id. Wakes the waiters of every process.</summary>
    public const string ReleaseSlot = """
        local removed = redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('PUBLISH', KEYS[2], '1')
        return removed
        """;

    /// <summary>KEYS: a lease zset. ARGV: lease ms, lease ids. Extends the leases still there (never revives a pruned one).</summary>
    public const string Renew = Now + """

        local renewed = 0
        for i = 2, #ARGV do
          renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i])
        end
        return renewed
        """;

    // Budget keys: KEYS[1] spent (integer), KEYS[2] reservations (hash id → amount), KEYS[3] their expiry (zset),
    // KEYS[4] those whose POST was sent (set), KEYS[5] sent reservations charged when their process died (hash).
    private const string Prune = Now + """

        local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
        for _, id in ipairs(expired) do
          local amount = redis.call('HGET', KEYS[2], id)
          if amount and redis.call('SISMEMBER', KEYS[4], id) == 1 then
            redis.call('INCRBY', KEYS[1], amount)
            redis.call('HSET', KEYS[5], id, amount)
          end
          redis.call('HDEL', KEYS[2], id)
          redis.call('SREM', KEYS[4], id)
        end
        if #expired > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
        end
        local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
        local reserved = 0
        for _, v in ipairs(redis.call('HVALS', KEYS[2])) do
          reserved = reserved + tonumber(v)
        end
        local open = redis.call('HLEN', KEYS[2])
        """;

    /// <summary>ARGV: id, amount, max, lease ms. {granted, spent, reserved, open}: spent + reserved + amount ≤ max or nothing.</summary>
    public const string Reserve = Prune + """

        local amount = tonumber(ARGV[2])
        if spent + reserved + amount > tonumber(ARGV[3]) then
          return {0, spent, reserved, open}
        end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[1])
        return {1, spent, reserved + amount, open + 1}
        """;

    /// <summary>{spent, reserved, open}, after pruning.</summary>
    public const string Read = Prune + """

        return {spent, reserved, open}
        """;

    /// <summary>ARGV: id, amount, lease ms. The POST goes out: a dead process's reservation now counts as charged.</summary>
    public const string MarkSent = Now + """

        if redis.call('HEXISTS', KEYS[5], ARGV[1]) == 1 then
          return 0
        end
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
          redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[1])
        end
        redis.call('SADD', KEYS[4], ARGV[1])
        return 1
        """;

    /// <summary>ARGV: id, charge (0: released). Replaces the reservation (or the charge made when it expired) by the charge.</summary>
    public const string Settle = """
        local prior = tonumber(redis.call('HGET', KEYS[5], ARGV[1]) or '0')
        redis.call('HDEL', KEYS[5], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('SREM', KEYS[4], ARGV[1])
        local delta = tonumber(ARGV[2]) - prior
        if delta ~= 0 then
          redis.call('INCRBY', KEYS[1], delta)
        end
        return 1
        """;

    /// <summary>ARGV: delta. A refund never takes the spend below zero.</summary>
    public const string Adjust = """
        local spent = redis.call('INCRBY', KEYS[1], ARGV[1])
        if spent < 0 then
          redis.call('SET', KEYS[1], 0)
        end
        return 1
        """;
}
