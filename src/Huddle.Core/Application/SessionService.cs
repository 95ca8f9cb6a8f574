using System.Collections.Concurrent;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

/// <summary>What a successful join hands back: who you are in the session.</summary>
public sealed record JoinResult<T>(Guid SessionId, string ParticipantId, string ParticipantToken, T View);

/// <summary>
/// The application service both doors (REST and the hub) use. Each session is serialized by its
/// own gate: decide → commit to the store → apply → publish, in that order, so a mutation is
/// durable before anyone hears of it and clients hear of commits in version order.
/// Reads of a session also run under its gate: the aggregate is not thread-safe.
/// </summary>
public sealed class SessionService(
    ISessionStore store,
    ISessionPublisher publisher,
    SongCatalog catalog,
    HuddleLimits limits,
    EngineOptions options,
    TimeProvider time) : IDisposable
{
    private const int MaxConflictRetries = 8;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, Guid> _activeCodes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadGate = new(1, 1);

    public SongCatalog Catalog => catalog;

    public HuddleLimits Limits => limits;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<JoinResult<T>> CreateAsync<T>(
        SessionKind kind, string? hostName, string? title, SettingsPatch? settings, Func<Session, string, string, T> view, CancellationToken ct)
    {
        var name = Validate.Name(hostName, limits);
        var validTitle = Validate.Title(title, limits);
        var validSettings = SessionSettings.Defaults(limits).With(settings ?? new SettingsPatch(), limits);
        var token = Secrets.NewToken();
        var hostId = Secrets.NewId("p_");
        var id = Guid.NewGuid();
        for (var attempt = 0; ; attempt++)
        {
            var code = Secrets.NewCode();
            var commit = new Commit(1, Now, Session.Create(id, code, kind, validTitle, validSettings, hostId, name, Secrets.HashToken(token), Now));
            try
            {
                await store.CreateAsync(id, code, kind, validTitle, commit, ct);
            }
            catch (DuplicateCodeException) when (attempt < 20)
            {
                continue;
            }

            var session = new Session(limits);
            session.Apply(commit);
            var entry = new Entry(session);
            entry.Refresh(options);
            _entries[id] = entry;
            _activeCodes[code] = id;
            await publisher.PublishAsync(new SessionChange(session, commit, Detached.None), ct);
            return new JoinResult<T>(id, hostId, token, view(session, hostId, token));
        }
    }

    /// <summary>Runs a read-only view of the session with this code (active, or ended within retention).</summary>
    public async Task<T?> ReadByCodeAsync<T>(string? code, Func<Session, T> view, CancellationToken ct)
        where T : class
    {
        var id = await FindIdAsync(code, ct);
        return id is null ? null : await ReadAsync(id.Value, view, ct);
    }

    public async Task<T> ReadAsync<T>(Guid id, Func<Session, T> view, CancellationToken ct)
    {
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            return view(entry.Session);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Joins (or rejoins with a token) and attaches the connection, making the participant present.
    /// <paramref name="subscribe"/> runs under the session's gate right after the commit, so the
    /// connection hears every later commit and none is lost between the snapshot and the first event.
    /// </summary>
    public async Task<JoinResult<T>> JoinAsync<T>(
        string? code, string? name, string? participantToken, string connectionId,
        Func<Guid, Task> subscribe, Func<Session, string, string, T> view, CancellationToken ct)
    {
        var id = await FindIdAsync(code, ct) ?? throw Errors.SessionNotFound();
        var tokenHash = string.IsNullOrEmpty(participantToken) ? null : Secrets.HashToken(participantToken);
        var newToken = Secrets.NewToken();
        var newId = Secrets.NewId("p_");
        var participantId = "";
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            await CommitAsync(id, entry, s => s.Join(name, tokenHash, newId, Secrets.HashToken(newToken), Now, out participantId), ct);
            entry.Attach(participantId, connectionId);
            await subscribe(id);
            var token = participantId == newId ? newToken : participantToken!;
            return new JoinResult<T>(id, participantId, token, view(entry.Session, participantId, token));
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>A connection closed: the participant stays present while another of theirs is open.</summary>
    public Task DetachAsync(Guid id, string participantId, string connectionId, CancellationToken ct) =>
        ExecuteAsync(
            id,
            (s, entry) => entry.Detach(participantId, connectionId) ? s.SetPresence(participantId, false, Now) : [],
            (_, _) => true,
            ct);

    public Task LeaveAsync(Guid id, string participantId, CancellationToken ct) =>
        MutateAsync(id, s => s.Leave(participantId, Now), ct);

    /// <summary>Decides and commits one command; returns the session's view afterwards.</summary>
    public Task MutateAsync(Guid id, Func<Session, IReadOnlyList<SessionEvent>> decide, CancellationToken ct) =>
        ExecuteAsync(id, decide, (_, _) => true, ct);

    public Task<T> MutateAsync<T>(Guid id, Func<Session, IReadOnlyList<SessionEvent>> decide, Func<Session, T> result, CancellationToken ct) =>
        ExecuteAsync(id, decide, (s, _) => result(s), ct);

    public long UnixNow() => Now;

    public void Dispose() => _loadGate.Dispose();

    /// <summary>Runs due work: autoPlay advances and host migrations whose time has come.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var now = Now;
        foreach (var (id, entry) in _entries)
        {
            if (Volatile.Read(ref entry.DueAt) > now) continue;
            await MutateAsync(
                id,
                s => [.. s.MigrateHostIfDue(now, options.HostGracePeriod), .. s.AutoAdvanceIfDue(now)],
                ct);
        }
    }

    /// <summary>Ends sessions inactive past the timeout and deletes ended ones past retention.</summary>
    public async Task<(int Ended, int Purged)> SweepAsync(CancellationToken ct)
    {
        var now = Now;
        var cutoff = now - (long)options.InactivityTimeout.TotalMilliseconds;
        var ended = 0;
        foreach (var id in await store.FindInactiveAsync(cutoff, ct))
        {
            var wasEnded = await MutateAsync(
                id,
                s => s.PresentCount == 0 && s.LastActivityAt < cutoff ? s.End(null, "inactive", now) : [],
                s => !s.IsActive,
                ct);
            if (wasEnded) ended++;
        }

        foreach (var (id, entry) in _entries)
        {
            if (entry.Ended && entry.Attached == 0) _entries.TryRemove(id, out _);
        }

        var purged = await store.PurgeEndedAsync(now - (long)options.Retention.TotalMilliseconds, ct);
        return (ended, purged);
    }

    private Task<T> ExecuteAsync<T>(Guid id, Func<Session, IReadOnlyList<SessionEvent>> decide, Func<Session, Entry, T> result, CancellationToken ct) =>
        ExecuteAsync(id, (s, _) => decide(s), result, ct);

    private async Task<T> ExecuteAsync<T>(
        Guid id, Func<Session, Entry, IReadOnlyList<SessionEvent>> decide, Func<Session, Entry, T> result, CancellationToken ct)
    {
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            await CommitAsync(id, entry, s => decide(s, entry), ct);
            return result(entry.Session, entry);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Under the entry's gate: decide, commit (retrying after catching up on a conflict), apply, publish.</summary>
    private async Task CommitAsync(Guid id, Entry entry, Func<Session, IReadOnlyList<SessionEvent>> decide, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var session = entry.Session;
            var events = decide(session);
            if (events.Count == 0) return;
            var commit = new Commit(session.Version + 1, Now, events);
            try
            {
                // Once decided, the commit must not be abandoned halfway by a caller's cancellation.
                await store.AppendAsync(id, commit, CancellationToken.None);
            }
            catch (VersionConflictException) when (attempt < MaxConflictRetries)
            {
                await CatchUpAsync(id, entry, ct);
                continue;
            }

            session.Apply(commit);
            var detached = entry.DetachRemoved(commit);
            entry.Refresh(options);
            if (!session.IsActive) _activeCodes.TryRemove(session.Code, out _);
            await publisher.PublishAsync(new SessionChange(session, commit, detached), CancellationToken.None);
            return;
        }
    }

    private async Task CatchUpAsync(Guid id, Entry entry, CancellationToken ct)
    {
        var commits = await store.LoadAsync(id, entry.Session.Version, ct) ?? throw Errors.SessionNotFound();
        foreach (var commit in commits)
        {
            entry.Session.Apply(commit);
            await publisher.PublishAsync(new SessionChange(entry.Session, commit, Detached.None), CancellationToken.None);
        }
    }

    private async Task<Guid?> FindIdAsync(string? code, CancellationToken ct)
    {
        var normalized = Secrets.NormalizeCode(code);
        if (normalized is null) return null;
        if (_activeCodes.TryGetValue(normalized, out var id)) return id;
        return await store.FindByCodeAsync(normalized, Now - (long)options.Retention.TotalMilliseconds, ct);
    }

    private async Task<Entry> GetEntryAsync(Guid id, CancellationToken ct)
    {
        if (_entries.TryGetValue(id, out var entry)) return entry;
        await _loadGate.WaitAsync(ct);
        try
        {
            if (_entries.TryGetValue(id, out entry)) return entry;
            var commits = await store.LoadAsync(id, 0, ct) ?? throw Errors.SessionNotFound();
            var session = new Session(limits);
            foreach (var commit in commits) session.Apply(commit);
            entry = new Entry(session);

            // Presence recorded before this process started is stale: nobody is connected here yet.
            // Those participants come back by rejoining with their tokens.
            var now = Now;
            await CommitAsync(
                id,
                entry,
                s => s.Participants.Where(p => p.Present).Select(SessionEvent (p) => new PresenceChanged(p.Id, false, now)).ToList(),
                ct);
            entry.Refresh(options);
            _entries[id] = entry;
            if (session.IsActive) _activeCodes[session.Code] = id;
            return entry;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private static class Detached
    {
        public static readonly IReadOnlyDictionary<string, IReadOnlyCollection<string>> None =
            new Dictionary<string, IReadOnlyCollection<string>>();
    }

    /// <summary>A loaded session, its gate, and which of this node's connections belong to whom.</summary>
    private sealed class Entry(Session session)
    {
        private readonly Dictionary<string, HashSet<string>> _connections = new(StringComparer.Ordinal);

        public long DueAt = long.MaxValue;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Session Session { get; } = session;

        public bool Ended { get; private set; }

        public int Attached => _connections.Count;

        public void Attach(string participantId, string connectionId)
        {
            if (!_connections.TryGetValue(participantId, out var set)) _connections[participantId] = set = [];
            set.Add(connectionId);
        }

        /// <summary>Returns true when that was the participant's last connection here.</summary>
        public bool Detach(string participantId, string connectionId)
        {
            if (!_connections.TryGetValue(participantId, out var set) || !set.Remove(connectionId)) return false;
            if (set.Count > 0) return false;
            _connections.Remove(participantId);
            return true;
        }

        /// <summary>Kicked or departed participants lose every connection's membership in the session.</summary>
        public IReadOnlyDictionary<string, IReadOnlyCollection<string>> DetachRemoved(Commit commit)
        {
            Dictionary<string, IReadOnlyCollection<string>>? removed = null;
            foreach (var e in commit.Events)
            {
                var participantId = e switch
                {
                    ParticipantKicked k => k.ParticipantId,
                    ParticipantLeft l => l.ParticipantId,
                    _ => null,
                };
                if (participantId is null || !_connections.Remove(participantId, out var set)) continue;
                (removed ??= new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal))[participantId] = set;
            }

            return removed ?? Detached.None;
        }

        /// <summary>Recomputes when this session next needs the ticker (autoPlay end, host grace expiry).</summary>
        public void Refresh(EngineOptions options)
        {
            Ended = !Session.IsActive;
            var due = Session.AutoAdvanceAt() ?? long.MaxValue;
            var host = Session.Host;
            if (Session.IsActive && Session.PresentCount > 0 && host is not { Present: true })
            {
                var hostDue = host is null ? 0 : host.LastSeenAt + (long)options.HostGracePeriod.TotalMilliseconds;
                due = Math.Min(due, hostDue);
            }

            Volatile.Write(ref DueAt, due);
        }
    }
}
