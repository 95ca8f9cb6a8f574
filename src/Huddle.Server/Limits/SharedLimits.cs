using System.Collections.Concurrent;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Storage;

namespace Huddle.Server.Limits;

/// <summary>Allowed, or refused until the window ends (<see cref="RetryAfterSeconds"/>, at least 1).</summary>
public readonly record struct LimitVerdict(bool Allowed, int RetryAfterSeconds);

/// <summary>
/// Every per-IP and per-account limit counts here, in the <see cref="ILimitStore"/> all nodes share,
/// so N nodes allow the limit once, not N times. Two things keep the cost per request low:
/// <list type="bullet">
/// <item>A node takes permits in blocks of 1 % of the limit (one for limits under 200) and spends
/// them locally: the hub's 5,000 calls per IP cost 100 round trips, not 5,000. Permits are counted
/// when taken, so the nodes together never admit more than the limit; a node's unspent block is at
/// most 1 % of the limit left unused when the window ends.</item>
/// <item>A key found exhausted stays refused on this node until its window ends, with no round trip:
/// a flood costs the store nothing.</item>
/// </list>
/// <para>
/// When the store fails or is slower than <see cref="StoreTimeout"/>, the node counts alone (in
/// memory) for <see cref="RetryStoreAfter"/> and then tries the store again: during an outage each
/// node enforces the limits by itself, as a single node would. Neither fail-open (no limit while
/// the store is down, so an outage opens code guessing) nor fail-closed (every user refused because a
/// counter is unreachable).
/// </para>
/// </summary>
public sealed partial class SharedLimits(ILimitStore store, EngineOptions engine, TimeProvider time, ILogger<SharedLimits> log)
{
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryStoreAfter = TimeSpan.FromSeconds(5);
    private const long SweepEveryMs = 60_000;

    private readonly LocalLimitStore _alone = new();
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private long _storeDownUntil;
    private long _sweptAt;

    /// <summary>True while this node counts alone because the shared store failed.</summary>
    public bool Alone => Now < Interlocked.Read(ref _storeDownUntil);

    /// <summary>Takes one of <paramref name="limit"/> permits per <paramref name="window"/> for <paramref name="key"/>.</summary>
    public async ValueTask<LimitVerdict> TryTakeAsync(string key, int limit, TimeSpan window, CancellationToken ct = default)
    {
        var now = Now;
        SweepIfDue(now);
        var lease = _leases.TryGetValue(key, out var found) ? found : _leases.GetOrAdd(key, _ => new Lease());
        lock (lease)
        {
            if (lease.EndsAt > now)
            {
                if (lease.Left > 0)
                {
                    lease.Left--;
                    return new LimitVerdict(true, 0);
                }

                if (lease.Exhausted) return Refused(lease.EndsAt, now);
            }
        }

        var block = limit < 200 ? 1 : limit / 100;
        var count = await AddAsync(key, block, now, window, ct);
        var granted = Math.Clamp(limit - (count.Total - block), 0, block);
        lock (lease)
        {
            if (lease.EndsAt != count.EndsAt) (lease.EndsAt, lease.Left, lease.Exhausted) = (count.EndsAt, 0, false);
            if (granted == 0)
            {
                lease.Exhausted = true;
                return Refused(count.EndsAt, now);
            }

            lease.Left += (int)granted - 1;
            return new LimitVerdict(true, 0);
        }
    }

    /// <summary>
    /// Counts a failure against <paramref name="key"/>'s window (no lease: failures are rare and each
    /// must count at once) and returns the window's total over every node.
    /// </summary>
    public async ValueTask<WindowCount> CountAsync(string key, TimeSpan window, CancellationToken ct = default) =>
        await AddAsync(key, 1, Now, window, ct);

    /// <summary>Changes this node's share of a gauge; returns the total over live nodes and whether the store counted it.</summary>
    public async ValueTask<(long Total, bool Shared)> GaugeAsync(string key, int delta, bool shared = true)
    {
        if (shared && !Alone)
        {
            try
            {
                using var timeout = new CancellationTokenSource(StoreTimeout);
                return (await store.GaugeAsync(engine.NodeId, key, delta, timeout.Token), true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                StoreFailed(e);
            }
        }

        return (await _alone.GaugeAsync(engine.NodeId, key, delta, CancellationToken.None), false);
    }

    private async ValueTask<WindowCount> AddAsync(string key, long amount, long now, TimeSpan window, CancellationToken ct)
    {
        var windowMs = (long)window.TotalMilliseconds;
        if (!Alone)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(StoreTimeout);
                var count = await store.AddAsync(key, amount, now, windowMs, timeout.Token);
                if (Interlocked.Exchange(ref _storeDownUntil, 0) != 0) LogStoreBack();
                return count;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
            {
                StoreFailed(e);
            }
        }

        return await _alone.AddAsync(key, amount, now, windowMs, ct);
    }

    private void StoreFailed(Exception e)
    {
        var until = Now + (long)RetryStoreAfter.TotalMilliseconds;
        if (Interlocked.Exchange(ref _storeDownUntil, until) == 0) LogStoreDown(e.GetType().Name);
    }

    private static LimitVerdict Refused(long endsAt, long now) => new(false, (int)Math.Max(1, Math.Ceiling((endsAt - now) / 1000.0)));

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Leases of ended windows are as good as none: dropped about once a minute, so memory follows the busy keys.</summary>
    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (now - last < SweepEveryMs || Interlocked.CompareExchange(ref _sweptAt, now, last) != last) return;
        foreach (var (key, lease) in _leases)
        {
            if (lease.EndsAt <= now) _leases.TryRemove(key, out _);
        }
    }

    // The exception's type only: a connection string or host name must not reach the log.
    [LoggerMessage(EventId = Log.LimitStoreDown, Level = LogLevel.Warning,
        Message = "The shared limits store failed ({Failure}): this node counts its limits alone until it answers again")]
    private partial void LogStoreDown(string failure);

    [LoggerMessage(EventId = Log.LimitStoreBack, Level = LogLevel.Information, Message = "The shared limits store answers again: limits count across nodes")]
    private partial void LogStoreBack();

    private sealed class Lease
    {
        public long EndsAt;
        public int Left;
        public bool Exhausted;
    }
}
