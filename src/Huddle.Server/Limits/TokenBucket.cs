namespace Huddle.Server.Limits;

/// <summary>
/// A per-connection token bucket that refills lazily when a token is taken: <paramref name="perPeriod"/>
/// tokens per whole second elapsed, up to <paramref name="burst"/>, like a <c>TokenBucketRateLimiter</c>
/// with auto-replenishment — but without its timer. Two limiters per hub connection meant two timers
/// per connection: 20,000 timer callbacks a second at 10,000 connections, and about 1 KB each.
/// </summary>
public sealed class TokenBucket(int perPeriod, int burst, TimeProvider time)
{
    private static readonly long PeriodTicks = TimeSpan.FromSeconds(1).Ticks;
    private readonly Lock _lock = new();
    private readonly int _burst = burst;
    private int _tokens = burst;
    private long _refilledAt = time.GetUtcNow().UtcTicks;

    public bool TryTake()
    {
        lock (_lock)
        {
            Refill();
            if (_tokens == 0) return false;
            _tokens--;
            return true;
        }
    }

    /// <summary>Refilled to the burst: the bucket is as good as a new one, so a keyed set may drop it.</summary>
    public bool IsFull()
    {
        lock (_lock)
        {
            Refill();
            return _tokens == _burst;
        }
    }

    private void Refill()
    {
        var now = time.GetUtcNow().UtcTicks;
        var periods = (now - _refilledAt) / PeriodTicks;
        if (periods > 0)
        {
            _tokens = (int)Math.Min(_burst, _tokens + (periods * perPeriod));
            _refilledAt += periods * PeriodTicks;
        }
    }
}
