using System.Collections.Concurrent;
using Huddle.Core;
using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Limits;

/// <summary>
/// Slows code guessing: unknown-code look-ups and failed joins count per client IP in a fixed
/// window; over the limit, even a valid code is refused until the window ends. Successful
/// look-ups cost nothing, so a lecture hall behind one NAT joining the right code is never held up.
/// </summary>
public sealed class FailedAttemptLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public void EnsureAllowed(string ip)
    {
        if (!options.Value.Enabled) return;
        var window = Current(ip);
        if (window.Failures >= options.Value.FailedLookupsPerMinute)
        {
            var retryAfter = Math.Max(1, (int)Math.Ceiling((window.Start + 60_000 - Now) / 1000.0));
            throw new RateLimitedException(retryAfter);
        }
    }

    public void RecordFailure(string ip)
    {
        _windows.AddOrUpdate(ip, _ => new Window(Now, 1), (_, w) => Now - w.Start >= 60_000 ? new Window(Now, 1) : w with { Failures = w.Failures + 1 });
        if (_windows.Count > 100_000) Prune();
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private Window Current(string ip) =>
        _windows.TryGetValue(ip, out var w) && Now - w.Start < 60_000 ? w : new Window(Now, 0);

    private void Prune()
    {
        foreach (var (ip, w) in _windows)
        {
            if (Now - w.Start >= 60_000) _windows.TryRemove(ip, out _);
        }
    }

    private sealed record Window(long Start, int Failures);
}

/// <summary>
/// A rate limit was hit; <c>RetryAfterSeconds</c> goes into the Retry-After header, <c>Limiter</c>
/// (the huddle.ratelimit.rejections label) says which limit: failed look-ups unless told otherwise.
/// <c>Code</c> is the error code sent (<c>rate_limited</c>, or a more specific one such as <c>login_throttled</c>).
/// </summary>
public sealed class RateLimitedException(int retryAfterSeconds, string limiter = "failed_lookups", string code = ErrorCodes.RateLimited)
    : Exception($"Too many attempts; try again in {retryAfterSeconds} s.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;

    public string Limiter { get; } = limiter;

    public HuddleException ToHuddle() => new(code, Message, ErrorKind.RateLimited);
}
