using System.Collections.Concurrent;
using Huddle.Core.Application;
using Huddle.Server.Http;
using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Limits;

/// <summary>
/// Slows code guessing: unknown-code look-ups and failed joins count per client IP in a fixed
/// window; over the limit, even a valid code is refused until the window ends. Successful
/// look-ups cost nothing, so a lecture hall behind one NAT joining the right code is never held up.
/// <para>
/// Failures count in the store all nodes share (<see cref="SharedLimits"/>); the check reads the
/// total this node last heard, so it costs no round trip. A node learns the other nodes' failures
/// with its own next one: a guesser spreading over N nodes gets at most N − 1 failures past the limit.
/// </para>
/// </summary>
public sealed class FailedAttemptLimiter(IOptions<RateLimitOptions> options, SharedLimits shared, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, WindowCount> _heard = new(StringComparer.Ordinal);

    public void EnsureAllowed(string ip)
    {
        if (!options.Value.Enabled) return;
        if (_heard.TryGetValue(ip, out var window) && window.EndsAt > Now && window.Total >= options.Value.FailedLookupsPerMinute)
        {
            var retryAfter = Math.Max(1, (int)Math.Ceiling((window.EndsAt - Now) / 1000.0));
            throw new RateLimitedException(retryAfter);
        }
    }

    public async Task RecordFailureAsync(string ip)
    {
        if (!options.Value.Enabled) return;
        _heard[ip] = await shared.CountAsync("failed:" + ip, Window);
        if (_heard.Count > 100_000) Prune();
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Prune()
    {
        foreach (var (ip, w) in _heard)
        {
            if (w.EndsAt <= Now) _heard.TryRemove(ip, out _);
        }
    }
}
