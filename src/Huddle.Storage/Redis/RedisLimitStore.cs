using Huddle.Core.Application;
using StackExchange.Redis;

namespace Huddle.Storage.Redis;

/// <summary>
/// The limits' counters in Redis (<c>Bus:Provider=Redis</c>), with <see cref="Postgres.PostgresLimitStore"/>'s
/// semantics; each call is one Lua script, so a check and its update are atomic on the Redis server.
/// <list type="bullet">
/// <item>A window is a hash (total, end); the caller's clock says whether it ended, as on PostgreSQL, and
/// Redis drops the key a minute after the end (the margin covers clocks that disagree a little).</item>
/// <item>A gauge is a hash of shares by node run. A share counts while its run's node key lives (set by
/// the bus's heartbeat with the node expiry); the shares of runs whose key is gone are deleted when met.</item>
/// </list>
/// A failure passes to <c>SharedLimits</c>, which counts alone for a while and tries again.
/// </summary>
public sealed class RedisLimitStore(RedisBus bus) : ILimitStore
{
    private const long EndedKeyKeptMs = 60_000;

    private const string AddScript = """
        local now, amount, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local ends = tonumber(redis.call('HGET', KEYS[1], 'e'))
        local total
        if ends and ends > now then
          total = redis.call('HINCRBY', KEYS[1], 't', amount)
          if total < 0 then redis.call('HSET', KEYS[1], 't', 0) total = 0 end
        else
          ends = now + window
          total = math.max(amount, 0)
          redis.call('HSET', KEYS[1], 't', total, 'e', ends)
          redis.call('PEXPIRE', KEYS[1], window + tonumber(ARGV[4]))
        end
        return {total, ends}
        """;

    private const string GaugeScript = """
        local me, prefix = ARGV[1], ARGV[3]
        redis.call('SET', prefix .. me, ARGV[5], 'PX', ARGV[4])
        local mine = redis.call('HINCRBY', KEYS[1], me, ARGV[2])
        if mine <= 0 then redis.call('HDEL', KEYS[1], me) mine = 0 end
        local total = mine
        local shares = redis.call('HGETALL', KEYS[1])
        for i = 1, #shares, 2 do
          local member = shares[i]
          if member ~= me then
            if redis.call('EXISTS', prefix .. member) == 1 then total = total + tonumber(shares[i + 1])
            else redis.call('HDEL', KEYS[1], member) end
          end
        end
        return total
        """;

    public async Task<WindowCount> AddAsync(string key, long amount, long now, long windowMs, CancellationToken ct)
    {
        var result = (RedisResult[])(await bus.Database.ScriptEvaluateAsync(
            AddScript, [$"huddle:limit:{key}"], [now, amount, windowMs, EndedKeyKeptMs]).WaitAsync(ct))!;
        return new WindowCount((long)result[0], (long)result[1]);
    }

    public async Task<long> GaugeAsync(string nodeId, string key, int delta, CancellationToken ct) =>
        (long)(await bus.Database.ScriptEvaluateAsync(
            GaugeScript, [$"huddle:gauge:{key}"],
            [bus.NodeMember, delta, RedisBus.NodeKey(""), (long)bus.NodeExpiry.TotalMilliseconds, nodeId]).WaitAsync(ct));
}
