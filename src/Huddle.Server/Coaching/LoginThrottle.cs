using System.Net;
using System.Net.Sockets;
using Huddle.Core;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// Slows password guessing without handing anyone a way to lock an account: failures count per
/// (e-mail, client address) and per client address, never per account alone, so an attacker's
/// guesses from one address do nothing to the owner signing in from another. Past the free
/// failures each further attempt must wait a delay that doubles per failure; an attempt inside the
/// delay, or over the address's login budget, is refused with <c>login_throttled</c> before the
/// password is checked. Unknown e-mails count exactly like accounts, so the answers tell nothing.
/// <para>
/// An admitted attempt counts as a failure at once (and <see cref="Succeeded"/> takes it back), so
/// a burst of parallel guesses cannot all slip in before the first failure is recorded. The address's
/// login budget counts across nodes (<see cref="SharedLimits"/>), so it caps the guessing rate of an
/// address however many nodes it spreads over; the doubling delays are kept by each node
/// (docs/coaching.md).
/// </para>
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, SharedLimits limits, TimeProvider time)
{
    private const int MaxEntries = 200_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>One admitted attempt: what <see cref="Succeeded"/> must forgive.</summary>
    public readonly record struct Attempt(string Source, string Pair);

    /// <summary>Admits a password check for <paramref name="email"/> from <paramref name="ip"/>, or throws <c>login_throttled</c>.</summary>
    public async Task<Attempt> AdmitAsync(string email, IPAddress? ip, CancellationToken ct)
    {
        var o = options.Value;
        var source = SourceOf(ip);
        var attempt = new Attempt(source, email + " " + source);
        // The budget first: every attempt spends it, one refused for its delay too.
        var budget = await limits.TryTakeAsync("login:" + source, o.LoginsPerIp, o.IpWindow, ct);
        if (!budget.Allowed) throw new RateLimitedException(budget.RetryAfterSeconds, "login", ErrorCodes.LoginThrottled);

        var now = time.GetUtcNow();
        lock (_lock)
        {
            var wait = Max(WaitOf(attempt.Source, now, o), WaitOf(attempt.Pair, now, o));
            if (wait > TimeSpan.Zero)
                throw new RateLimitedException((int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)), "login", ErrorCodes.LoginThrottled);

            Count(attempt.Source, o.FreeFailuresPerIp, now, o);
            Count(attempt.Pair, o.FreeFailuresPerAccountAndIp, now, o);
            if (_failures.Count > MaxEntries) Prune(now, o);
        }

        return attempt;
    }

    /// <summary>The password was right: the (e-mail, address) failures are forgotten, the address's takes back this one.</summary>
    public void Succeeded(Attempt attempt)
    {
        lock (_lock)
        {
            _failures.Remove(attempt.Pair);
            if (_failures.TryGetValue(attempt.Source, out var source))
                _failures[attempt.Source] = source with { Count = Math.Max(0, source.Count - 1) };
        }
    }

    /// <summary>An IPv6 client is counted by its /64 (one subscriber's network), an IPv4 one by its address.</summary>
    public static string SourceOf(IPAddress? ip)
    {
        if (ip is null) return "unknown";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private TimeSpan WaitOf(string key, DateTimeOffset now, LoginThrottleOptions o) =>
        _failures.TryGetValue(key, out var f) && now - f.Last < o.ForgetAfter ? f.NextAllowed - now : TimeSpan.Zero;

    private void Count(string key, int free, DateTimeOffset now, LoginThrottleOptions o)
    {
        var count = (_failures.TryGetValue(key, out var f) && now - f.Last < o.ForgetAfter ? f.Count : 0) + 1;
        // After the free failures, the next attempt waits FirstDelay, then twice as long per further failure.
        var next = count < free ? now : now + Delay(count - free, o);
        _failures[key] = new Failures(count, next, now);
    }

    private static TimeSpan Delay(int beyondFree, LoginThrottleOptions o)
    {
        var factor = Math.Pow(2, Math.Min(beyondFree, 40));
        return TimeSpan.FromTicks((long)Math.Min(o.FirstDelay.Ticks * factor, o.MaxDelay.Ticks));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Bounded memory: forgotten and expired entries go first; if that is not enough, the least recently seen half.</summary>
    private void Prune(DateTimeOffset now, LoginThrottleOptions o)
    {
        foreach (var (key, f) in _failures)
        {
            if (now - f.Last >= o.ForgetAfter || (f.NextAllowed <= now && now - f.Last >= o.MaxDelay)) _failures.Remove(key);
        }

        if (_failures.Count <= MaxEntries / 2) return;
        var cutoff = _failures.Values.Select(f => f.Last).Order().ElementAt(_failures.Count / 2);
        foreach (var (key, f) in _failures)
        {
            if (f.Last < cutoff) _failures.Remove(key);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset NextAllowed, DateTimeOffset Last);
}
