using Huddle.Core;

namespace Huddle.Server.Http;

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
