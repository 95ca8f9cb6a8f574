using System.Collections.Concurrent;
using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Limits;

/// <summary>
/// The hub's shared budgets, on top of each connection's own buckets: open connections per client
/// IP, hub calls per client IP, and session-changing calls per session. One connection's bucket
/// cannot stop a thousand connections from one address, nor thirty connections voting in one session.
/// Counted per node: behind a load balancer each node enforces its own share.
/// </summary>
public sealed class HubBudgets(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _connections = new(StringComparer.Ordinal);
    private readonly KeyedBuckets<string> _ipCalls = new(options.Value.IpHubInvocationsPerSecond, options.Value.IpHubInvocationBurst, time);
    private readonly KeyedBuckets<Guid> _sessionCommits = new(options.Value.SessionCommitsPerSecond, options.Value.SessionCommitBurst, time);

    /// <summary>Counts a new connection from <paramref name="ip"/>, unless that IP is at its cap.</summary>
    public bool TryOpen(string ip)
    {
        lock (_lock)
        {
            var open = _connections.GetValueOrDefault(ip);
            if (open >= options.Value.MaxConnectionsPerIp) return false;
            _connections[ip] = open + 1;
            return true;
        }
    }

    public void Close(string ip)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(ip, out var open)) return;
            if (open <= 1) _connections.Remove(ip);
            else _connections[ip] = open - 1;
        }
    }

    public bool TryCall(string ip) => _ipCalls.TryTake(ip);

    public bool TryCommit(Guid sessionId) => _sessionCommits.TryTake(sessionId);
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
