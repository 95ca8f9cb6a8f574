using System.Threading.RateLimiting;

namespace Huddle.Server.Limits;

/// <summary>
/// ASP.NET Core's limiter interface over <see cref="SharedLimits"/>: a partition (one client IP's API
/// calls, its session creates) whose permits count across nodes. It keeps no state of its own, so
/// the partitioned limiter may drop and rebuild it freely.
/// </summary>
public sealed class SharedWindowLimiter(SharedLimits limits, string key, int permits, TimeSpan window, TimeProvider time) : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);
    private long _usedAt = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref _usedAt));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// Never grants without asking the store: ASP.NET Core's middleware then waits on
    /// <see cref="AcquireAsyncCore"/>, which does. (A refusal here with no retry-after is "ask again".)
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new Lease(false, null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _usedAt, time.GetTimestamp());
        if (permitCount == 0) return Granted;
        var verdict = await limits.TryTakeAsync(key, permits, window, cancellationToken);
        return verdict.Allowed ? Granted : new Lease(false, TimeSpan.FromSeconds(verdict.RetryAfterSeconds));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
