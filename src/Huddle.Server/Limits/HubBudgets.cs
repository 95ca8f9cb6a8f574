using System.Collections.Concurrent;
using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Limits;

/// <summary>
/// The hub's shared budgets, on top of each connection's own buckets: open connections per client
/// IP, hub calls per client IP, and session-changing calls per session. One connection's bucket
/// cannot stop a thousand connections from one address, nor thirty connections voting in one session.
/// The per-IP budgets count across nodes (<see cref="SharedLimits"/>); the per-session one is counted
/// by each node, since a session's clients share one node behind the sticky proxy.
/// </summary>
public sealed class HubBudgets(IOptions<RateLimitOptions> options, SharedLimits limits, TimeProvider time)
{
    private readonly KeyedBuckets<Guid> _sessionCommits = new(options.Value.SessionCommitsPerSecond, options.Value.SessionCommitBurst, time);

    /// <summary>A counted connection: its IP, and whether the shared store holds its count (else this node does).</summary>
    public sealed record Slot(string Ip, bool Shared);

    /// <summary>Counts a new connection from <paramref name="ip"/>, unless that IP is at its cap on all nodes together.</summary>
    public async ValueTask<Slot?> TryOpenAsync(string ip)
    {
        var (open, shared) = await limits.GaugeAsync(ConnectionsKey(ip), +1);
        if (open <= options.Value.MaxConnectionsPerIp) return new Slot(ip, shared);
        await limits.GaugeAsync(ConnectionsKey(ip), -1, shared);
        return null;
    }

    public async ValueTask CloseAsync(Slot slot) => await limits.GaugeAsync(ConnectionsKey(slot.Ip), -1, slot.Shared);

    /// <summary>
    /// The per-IP token bucket as a shared fixed window: the burst, per the time the rate takes to
    /// earn it (5,000 per 5 s by default), so the average rate and the burst are both kept.
    /// </summary>
    public async ValueTask<bool> TryCallAsync(string ip)
    {
        var o = options.Value;
        var window = TimeSpan.FromSeconds(Math.Max(1, o.IpHubInvocationBurst / o.IpHubInvocationsPerSecond));
        return (await limits.TryTakeAsync("hub:" + ip, o.IpHubInvocationBurst, window)).Allowed;
    }

    public bool TryCommit(Guid sessionId) => _sessionCommits.TryTake(sessionId);

    private static string ConnectionsKey(string ip) => "connections:" + ip;
}

/// <summary>
/// One lazily refilled <see cref="TokenBucket"/> per key. A bucket that has refilled to its burst is the
/// same as a new one, so about once a minute those are dropped: memory follows the busy keys only.
/// </summary>
public sealed class KeyedBuckets<TKey>(int perSecond, int burst, TimeProvider time)
    where TKey : notnull
{
    private static readonly long SweepTicks = TimeSpan.FromMinutes(1).Ticks;
    private readonly ConcurrentDictionary<TKey, TokenBucket> _buckets = new();
    private long _sweptAt = time.GetUtcNow().UtcTicks;

    public bool TryTake(TKey key)
    {
        SweepIfDue();
        // The lookup first: the hot path allocates nothing.
        var bucket = _buckets.TryGetValue(key, out var found) ? found : _buckets.GetOrAdd(key, _ => new TokenBucket(perSecond, burst, time));
        return bucket.TryTake();
    }

    private void SweepIfDue()
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _sweptAt);
        if (now - last < SweepTicks || Interlocked.CompareExchange(ref _sweptAt, now, last) != last) return;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull()) _buckets.TryRemove(key, out _);
        }
    }
}
