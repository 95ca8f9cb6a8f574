using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

// Maintenance: the ticker's due work (autoPlay, host migration, expiry warnings) and the sweeper's
// inactivity expiry and retention purge. A sweep reads the clock once to pick its candidates; each
// decision then runs at the engine's own instant, like any other command.
public sealed partial class SessionService
{
    /// <summary>Runs due work: autoPlay advances (with the auto-DJ's pick when the queue is empty) and host migrations whose time has come.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var now = Now;
        foreach (var (id, entry) in _entries)
        {
            if (Volatile.Read(ref entry.DueAt) > now) continue;
            await MutateAsync(
                id,
                (s, at) => [.. s.MigrateHostIfDue(at, options.HostGracePeriod), .. s.AutoAdvanceIfDue(at, catalog)],
                ct);
        }

        await WarnExpiringAsync(ct);
    }

    /// <summary>
    /// Tells the people present in an idle session, once per idle stretch, that it will end at
    /// <c>PresentIdleTimeout</c> (<c>sessionExpiring</c>; not a commit). Each node warns its own connections.
    /// </summary>
    public async Task WarnExpiringAsync(CancellationToken ct)
    {
        if (options.PresentIdleTimeout <= TimeSpan.Zero) return;
        var now = Now;
        var idle = (long)options.PresentIdleTimeout.TotalMilliseconds;
        var warning = (long)options.ExpiryWarning.TotalMilliseconds;
        foreach (var (id, entry) in _entries)
        {
            var last = Volatile.Read(ref entry.LastActivityAt);
            if (Volatile.Read(ref entry.Active) == 0 || entry.Attached == 0 || now < last + idle - warning) continue;
            if (Interlocked.Exchange(ref entry.WarnedFor, last) == last) continue;
            await publisher.ExpiringAsync(id, entry.KnownVersion, last + idle, ct);
        }
    }

    /// <summary>Ends sessions inactive past the timeout and deletes ended ones past retention.</summary>
    public async Task<(int Ended, int Purged)> SweepAsync(CancellationToken ct)
    {
        var now = Now;
        var cutoff = now - (long)options.InactivityTimeout.TotalMilliseconds;
        var presentCutoff = options.PresentIdleTimeout > TimeSpan.Zero ? now - (long)options.PresentIdleTimeout.TotalMilliseconds : long.MinValue;
        var ended = 0;
        foreach (var id in await store.FindInactiveAsync(Math.Max(cutoff, presentCutoff), ct))
        {
            var wasEnded = await MutateAsync(
                id,
                (s, at) => (s.PresentCount == 0 && s.IdleSince < cutoff) || s.LastActivityAt < presentCutoff ? s.End(null, "inactive", at) : [],
                s => !s.IsActive,
                ct);
            if (wasEnded) ended++;
        }

        foreach (var (id, entry) in _entries)
        {
            if (entry.Ended && entry.Attached == 0 && _entries.TryRemove(id, out _)) notices?.Unfollow(id);
        }

        var purged = await store.PurgeEndedAsync(now - (long)options.Retention.TotalMilliseconds, ct);
        return (ended, purged);
    }
}
