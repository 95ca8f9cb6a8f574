using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

// The engine: decide → commit → apply → publish under the session's gate, and catching up with
// other nodes' commits. The only code that applies commits to a loaded session.
public sealed partial class SessionService
{
    /// <summary>Decides and commits one command at the engine's instant (see <see cref="Decision"/>).</summary>
    public Task MutateAsync(Guid id, Decision decide, CancellationToken ct) =>
        ExecuteAsync(id, decide, (_, _) => true, ct);

    /// <summary>Decides and commits one command; returns the session's view afterwards.</summary>
    public Task<T> MutateAsync<T>(Guid id, Decision decide, Func<Session, T> result, CancellationToken ct) =>
        ExecuteAsync(id, decide, (s, _) => result(s), ct);

    private async Task<T> ExecuteAsync<T>(Guid id, Decision decide, Func<Session, Entry, T> result, CancellationToken ct)
    {
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            await CommitAsync(id, entry, decide, ct);
            return result(entry.Session, entry);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private Task CommitAsync(Guid id, Entry entry, Decision decide, CancellationToken ct) =>
        CommitAsync(id, entry, (s, now) => ValueTask.FromResult(decide(s, now)), ct);

    /// <summary>
    /// Under the entry's gate: decide, commit (after a lost version race: catch up and decide again),
    /// apply, publish. <paramref name="decide"/> may read the database, so a retry sees fresh facts.
    /// Each attempt reads the clock once: the command decides with that instant and the commit records
    /// it, so an event's time and its commit's time never disagree.
    /// </summary>
    private async Task CommitAsync(
        Guid id, Entry entry, Func<Session, long, ValueTask<IReadOnlyList<SessionEvent>>> decide, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            if (entry.Behind) await ApplyInboxAsync(id, entry, ct);
            var session = entry.Session;
            var now = Now;
            var events = await decide(session, now);
            if (events.Count == 0) return;
            var commit = new Commit(session.Version + 1, now, events);
            var appendStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                // Once decided, the commit must not be abandoned halfway by a caller's cancellation.
                await store.AppendAsync(id, commit, CancellationToken.None);
            }
            catch (VersionConflictException) when (started.Elapsed > MaxConflictWait)
            {
                throw Errors.Busy();
            }
            catch (VersionConflictException conflict)
            {
                // The loser of a race must not pay an extra read per attempt, or a node with a backlog
                // for the session keeps winning (it never needs to catch up) and the other starves.
                _metrics.Conflicted();
                if (conflict.Missed.Count > 0 && conflict.Missed[0].Version == session.Version + 1)
                {
                    foreach (var missed in conflict.Missed)
                    {
                        await ApplyAsync(entry, missed, local: false);
                        _metrics.RemoteApplied("conflict");
                    }
                }
                else
                {
                    await CatchUpAsync(id, entry, ct);
                }

                if (attempt > 8) await Task.Delay(Random.Shared.Next(1, Math.Min(attempt, 20)), ct);
                continue;
            }

            _metrics.Committed(System.Diagnostics.Stopwatch.GetElapsedTime(appendStarted));
            await ApplyAsync(entry, commit, local: true);
            return;
        }
    }

    private async Task CatchUpAsync(Guid id, Entry entry, CancellationToken ct)
    {
        var commits = await store.LoadAsync(id, entry.Session.Version, ct) ?? throw Errors.SessionNotFound();
        foreach (var commit in commits)
        {
            await ApplyAsync(entry, commit, local: false);
            _metrics.RemoteApplied("read");
        }
    }

    /// <summary>Applies a durable commit (this node's or another's) and tells this node's clients.</summary>
    private async Task ApplyAsync(Entry entry, Commit commit, bool local)
    {
        var session = entry.Session;
        session.Apply(commit);
        entry.KnownVersion = session.Version;
        var detached = entry.DetachRemoved(commit);
        if (detached.Count > 0)
        {
            foreach (var connection in detached.Values.SelectMany(c => c)) await presence.DisconnectAsync(connection, CancellationToken.None);
        }
        entry.Refresh(options);
        if (!session.IsActive) _activeCodes.TryRemove(session.Code, out _);
        await publisher.PublishAsync(new SessionChange(session, commit, detached) { ConnectionsOf = entry.ConnectionsOf, Local = local }, CancellationToken.None);
    }

    /// <summary>
    /// Another node's commit notice. If this node holds the session, the notice waits in the session's
    /// inbox, which is applied before the session's next decision here (so that decision does not
    /// lose a version race it could have avoided) and by <see cref="CatchUpAsync(Guid, CancellationToken)"/>.
    /// True when the caller must run that catch-up: none is scheduled for the session yet.
    /// </summary>
    public bool Heard(CommitNotice notice)
    {
        if (!_entries.TryGetValue(notice.Session, out var entry) || entry.KnownVersion >= notice.Version) return false;
        if (entry.Attached == 0)
        {
            // None of this node's clients is in the session (it was only created or read here): nobody
            // to tell, so the commits are read when the session is next used here, not applied one by one.
            entry.MarkStale(notice.Version);
            return false;
        }

        entry.Inbox.Enqueue(notice);
        return Interlocked.Exchange(ref entry.CatchingUp, 1) == 0;
    }

    /// <summary>Applies the session's inbox and tells this node's clients, until the inbox stays empty.</summary>
    public async Task CatchUpAsync(Guid id, CancellationToken ct)
    {
        if (!_entries.TryGetValue(id, out var entry)) return;
        do
        {
            await entry.Gate.WaitAsync(ct);
            try
            {
                await ApplyInboxAsync(id, entry, ct);
            }
            finally
            {
                entry.Gate.Release();
                Volatile.Write(ref entry.CatchingUp, 0);
            }
        }
        while (!entry.Inbox.IsEmpty && Interlocked.Exchange(ref entry.CatchingUp, 1) == 0);
    }

    /// <summary>
    /// Under the entry's gate: applies the commits the notices carried while they follow on from this
    /// node's version, then reads from the store whatever they did not cover (a notice too big to carry
    /// its commit, a resync's <c>long.MaxValue</c>).
    /// </summary>
    private async Task ApplyInboxAsync(Guid id, Entry entry, CancellationToken ct)
    {
        var target = entry.TakeStale();
        while (entry.Inbox.TryDequeue(out var notice))
        {
            target = Math.Max(target, notice.Version);
            if (notice.Commit is not { } commit || commit.Version != entry.Session.Version + 1) continue;
            await ApplyAsync(entry, commit, local: false);
            _metrics.RemoteApplied("notice");
        }

        if (entry.Session.Version >= target) return;
        try
        {
            await CatchUpAsync(id, entry, ct);
        }
        catch
        {
            // The notices are dequeued: keep what they said, so the next use of the session reads again.
            entry.MarkStale(target);
            throw;
        }
    }
}

/// <summary>
/// A command as the engine runs it: decide on the session at <paramref name="now"/> (Unix ms), the
/// instant the engine read once for this decision and records on its commit. The doors pass intents
/// and never read the clock; a retry after a lost version race decides again at a fresh instant.
/// </summary>
public delegate IReadOnlyList<SessionEvent> Decision(Session session, long now);
