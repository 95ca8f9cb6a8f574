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
/// a burst of parallel guesses cannot all slip in before the first failure is recorded. State is in
/// memory on this node: with several nodes behind a round-robin proxy, each node has its own counts
/// (docs/coaching.md).
/// </para>
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    private const int MaxEntries = 200_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    /// <summary>One admitted attempt: what <see cref="Succeeded"/> must forgive.</summary>
    public readonly record struct Attempt(string Source, string Pair);

    /// <summary>Admits a password check for <paramref name="email"/> from <paramref name="ip"/>, or throws <c>login_throttled</c>.</summary>
    public Attempt Admit(string email, IPAddress? ip)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var source = SourceOf(ip);
        var attempt = new Attempt(source, email + " " + source);
        lock (_lock)
        {
            var wait = Max(Max(WaitOf(attempt.Source, now, o), WaitOf(attempt.Pair, now, o)), BudgetWait(source, now, o));
            if (wait > TimeSpan.Zero)
                throw new RateLimitedException((int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)), "login", ErrorCodes.LoginThrottled);

            Count(attempt.Source, o.FreeFailuresPerIp, now, o);
            Count(attempt.Pair, o.FreeFailuresPerAccountAndIp, now, o);
            var budget = _budgets.GetValueOrDefault(source);
            _budgets[source] = budget is null || now - budget.Start >= o.IpWindow ? new Budget(now, 1) : budget with { Used = budget.Used + 1 };
            if (_failures.Count + _budgets.Count > MaxEntries) Prune(now, o);
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

    private TimeSpan BudgetWait(string source, DateTimeOffset now, LoginThrottleOptions o) =>
        _budgets.TryGetValue(source, out var b) && now - b.Start < o.IpWindow && b.Used >= o.LoginsPerIp ? b.Start + o.IpWindow - now : TimeSpan.Zero;

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

        foreach (var (key, b) in _budgets)
        {
            if (now - b.Start >= o.IpWindow) _budgets.Remove(key);
        }

        if (_failures.Count <= MaxEntries / 2) return;
        var cutoff = _failures.Values.Select(f => f.Last).Order().ElementAt(_failures.Count / 2);
        foreach (var (key, f) in _failures)
        {
            if (f.Last < cutoff) _failures.Remove(key);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset NextAllowed, DateTimeOffset Last);

    private sealed record Budget(DateTimeOffset Start, int Used);
}
