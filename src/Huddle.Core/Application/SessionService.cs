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
/// Several nodes may hold the same session: the store's compare-and-set on the version orders
/// their commits, a loser catches up from the log and decides again, and commits made elsewhere
/// arrive through <see cref="CatchUpAsync(Guid, CancellationToken)"/>.
/// </summary>
public sealed class SessionService(
    ISessionStore store,
    IPresenceStore presence,
    ISessionPublisher publisher,
    SongCatalog catalog,
    HuddleLimits limits,
    EngineOptions options,
    TimeProvider time,
    IEngineMetrics? metrics = null) : IDisposable
{
    /// <summary>
    /// How long a mutation keeps retrying after losing version races to other nodes before it gives up
    /// with <c>busy</c>. A node with a backlog for one session can win many races in a row.
    /// </summary>
    private static readonly TimeSpan MaxConflictWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, Guid> _activeCodes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly IEngineMetrics _metrics = metrics ?? NoEngineMetrics.Instance;

    public SongCatalog Catalog => catalog;

    public HuddleLimits Limits => limits;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<JoinResult<T>> CreateAsync<T>(
        SessionKind kind, string? hostName, string? title, SettingsPatch? settings, Func<Session, string, string, T> view, CancellationToken ct) =>
        CreateAsync(kind, hostName, title, settings, [], view, ct);

    /// <summary>Creates a session whose first commit also holds <paramref name="setup"/>, the kind's own starting events.</summary>
    public async Task<JoinResult<T>> CreateAsync<T>(
        SessionKind kind, string? hostName, string? title, SettingsPatch? settings, IReadOnlyList<SessionEvent> setup,
        Func<Session, string, string, T> view, CancellationToken ct)
    {
        var name = Validate.Name(hostName, limits);
        var validTitle = Validate.Title(title, limits);
        var validSettings = SessionSettings.Defaults(limits, kind).With(settings ?? new SettingsPatch(), limits);

        // Every classroom records the per-host cap it was created under (the store enforces it).
        if (kind == SessionKind.Classroom && !setup.OfType<ClassroomStarted>().Any()) setup = [.. setup, .. Session.SetUpClassroom(limits)];
        var token = Secrets.NewToken();
        var hostId = Secrets.NewId("p_");
        var id = Guid.NewGuid();
        var session = await StoreNewAsync(
            id, kind, validTitle, code => [.. Session.Create(id, code, kind, validTitle, validSettings, hostId, name, Secrets.HashToken(token), Now), .. setup],
            ct);
        return new JoinResult<T>(id, hostId, token, view(session, hostId, token));
    }

    /// <summary>
    /// Opens the session with this id unless it exists already: idempotent, also when two requests or
    /// two nodes race (the store's primary key lets one create it; the other finds it) and after a
    /// restart. <paramref name="open"/> gives the first commit's events for a code.
    /// </summary>
    public async Task<T> OpenAsync<T>(
        Guid id, SessionKind kind, string title, Func<string, IReadOnlyList<SessionEvent>> open, Func<Session, T> view, CancellationToken ct)
    {
        if (_entries.ContainsKey(id) || await Exists(id, ct)) return await ReadAsync(id, view, ct);
        try
        {
            return view(await StoreNewAsync(id, kind, title, open, ct));
        }
        catch (DuplicateCodeException)
        {
            // The code was free 20 times, so the id was taken: someone else opened it a moment ago.
            return await ReadAsync(id, view, ct);
        }
    }

    /// <summary>Whether the store holds the session (reads its header, no commits).</summary>
    private async Task<bool> Exists(Guid id, CancellationToken ct) => await store.LoadAsync(id, long.MaxValue, ct) is not null;

    /// <summary>Stores a new session's first commit under a fresh code (a taken code: another code), then holds and publishes it.</summary>
    private async Task<Session> StoreNewAsync(
        Guid id, SessionKind kind, string title, Func<string, IReadOnlyList<SessionEvent>> first, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var code = Secrets.NewCode();
            var commit = new Commit(1, Now, first(code));
            try
            {
                await store.CreateAsync(id, code, kind, title, commit, ct);
            }
            catch (DuplicateCodeException) when (attempt < 20)
            {
                // A taken id is not a taken code: retrying with other codes would never help.
                if (await Exists(id, ct)) throw;
                continue;
            }

            var session = new Session(limits);
            session.Apply(commit);
            var entry = new Entry(session) { KnownVersion = session.Version };
            entry.Refresh(options);
            _entries[id] = entry;
            _activeCodes[code] = id;
            await publisher.PublishAsync(new SessionChange(session, commit, Detached.None), ct);
            return session;
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
            if (entry.Behind) await ApplyInboxAsync(id, entry, ct);
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
    public Task<JoinResult<T>> JoinAsync<T>(
        string? code, string? name, string? participantToken, string connectionId,
        Func<Guid, Task> subscribe, Func<Session, string, string, T> view, CancellationToken ct) =>
        JoinAsync(code, name, participantToken, null, null, connectionId, subscribe, view, ct);

    /// <summary>
    /// A join that also names the connection's signed-in account, if any: a coaching room admits
    /// only accounts (its coach, its client, admins) and ignores names and tokens; other kinds ignore the account.
    /// <paramref name="deviceId"/> is the browser's own random id (validated at the edge): a ban refuses it too.
    /// </summary>
    public async Task<JoinResult<T>> JoinAsync<T>(
        string? code, string? name, string? participantToken, string? deviceId, RoomAccount? account, string connectionId,
        Func<Guid, Task> subscribe, Func<Session, string, string, T> view, CancellationToken ct)
    {
        var id = await FindIdAsync(code, ct) ?? throw Errors.SessionNotFound();
        var tokenHash = string.IsNullOrEmpty(participantToken) ? null : Secrets.HashToken(participantToken);
        var deviceHash = string.IsNullOrEmpty(deviceId) ? null : Secrets.HashDevice(id, deviceId);
        var newToken = Secrets.NewToken();
        var newId = Secrets.NewId("p_");
        var participantId = "";
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            // The connection is recorded before the join commits: a presence check on another node
            // either sees it, or decided without it and then loses the version race to this commit.
            var byAccount = entry.Session.Kind == SessionKind.Coaching;
            var guess = byAccount
                ? account is null ? newId : Session.AccountParticipantId(account.AccountId)
                : (tokenHash is null ? null : entry.Session.FindByTokenHash(tokenHash)?.Id) ?? newId;
            await presence.ConnectAsync(options.NodeId, connectionId, id, guess, Now, ct);
            try
            {
                await CommitAsync(
                    id,
                    entry,
                    s => byAccount
                        ? s.JoinAccount(account, Now, out participantId)
                        : s.Join(name, tokenHash, deviceHash, newId, Secrets.HashToken(newToken), Now, out participantId),
                    ct);
            }
            catch
            {
                await presence.DisconnectAsync(connectionId, CancellationToken.None);
                throw;
            }

            // This node had not yet heard of the participant (they joined elsewhere a moment ago).
            if (participantId != guess) await presence.ConnectAsync(options.NodeId, connectionId, id, participantId, Now, ct);
            entry.Attach(participantId, connectionId);
            await subscribe(id);
            // An account is its own proof in a coaching room: there is no participant token to hand out.
            var token = byAccount ? "" : participantId == newId ? newToken : participantToken!;
            return new JoinResult<T>(id, participantId, token, view(entry.Session, participantId, token));
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>A connection closed: the participant stays present while another of theirs is open on any node.</summary>
    public async Task DetachAsync(Guid id, string participantId, string connectionId, CancellationToken ct)
    {
        await presence.DisconnectAsync(connectionId, ct);
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            entry.Detach(participantId, connectionId);
            await SyncPresenceAsync(id, entry, ct);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Recomputes a session's presence from the recorded connections (after a node died).</summary>
    public async Task SyncPresenceAsync(Guid id, CancellationToken ct)
    {
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            await SyncPresenceAsync(id, entry, ct);
        }
        finally
        {
            entry.Gate.Release();
        }
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

    /// <summary>Records every connection this node holds again (after others declared it dead), then fixes presence.</summary>
    public async Task RestoreConnectionsAsync(CancellationToken ct)
    {
        foreach (var (id, entry) in _entries)
        {
            await entry.Gate.WaitAsync(ct);
            try
            {
                foreach (var (participantId, connectionId) in entry.Connections)
                    await presence.ConnectAsync(options.NodeId, connectionId, id, participantId, Now, ct);
                await SyncPresenceAsync(id, entry, ct);
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    /// <summary>The sessions this node holds in memory.</summary>
    public IReadOnlyCollection<Guid> LoadedSessions => [.. _entries.Keys];

    /// <summary>
    /// The active sessions this node holds, as of their last applied commit. Read without the
    /// sessions' gates (metrics and the admin page poll it): each value is one a commit left behind.
    /// </summary>
    public IEnumerable<LoadedSession> ActiveSessions()
    {
        foreach (var entry in _entries.Values)
        {
            if (Volatile.Read(ref entry.Active) == 0) continue;
            var s = entry.Session; // id, code, kind, title and creation time never change after creation
            yield return new LoadedSession(
                s.Id, s.Code, s.Kind, s.Title, Volatile.Read(ref entry.Present), Volatile.Read(ref entry.Participants),
                entry.KnownVersion, s.CreatedAt, Volatile.Read(ref entry.LastActivityAt));
        }
    }

    public Task LeaveAsync(Guid id, string participantId, CancellationToken ct) =>
        MutateAsync(id, s => s.Leave(participantId, Now), ct);

    /// <summary>Decides and commits one command; returns the session's view afterwards.</summary>
    public Task MutateAsync(Guid id, Func<Session, IReadOnlyList<SessionEvent>> decide, CancellationToken ct) =>
        ExecuteAsync(id, decide, (_, _) => true, ct);

    public Task<T> MutateAsync<T>(Guid id, Func<Session, IReadOnlyList<SessionEvent>> decide, Func<Session, T> result, CancellationToken ct) =>
        ExecuteAsync(id, decide, (s, _) => result(s), ct);

    public long UnixNow() => Now;

    public void Dispose() => _loadGate.Dispose();

    /// <summary>Runs due work: autoPlay advances (with the auto-DJ's pick when the queue is empty) and host migrations whose time has come.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var now = Now;
        foreach (var (id, entry) in _entries)
        {
            if (Volatile.Read(ref entry.DueAt) > now) continue;
            await MutateAsync(
                id,
                s => [.. s.MigrateHostIfDue(now, options.HostGracePeriod), .. s.AutoAdvanceIfDue(now, catalog)],
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
                s => (s.PresentCount == 0 && s.IdleSince < cutoff) || s.LastActivityAt < presentCutoff ? s.End(null, "inactive", now) : [],
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

    private async Task<T> ExecuteAsync<T>(
        Guid id, Func<Session, IReadOnlyList<SessionEvent>> decide, Func<Session, Entry, T> result, CancellationToken ct)
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

    private Task CommitAsync(Guid id, Entry entry, Func<Session, IReadOnlyList<SessionEvent>> decide, CancellationToken ct) =>
        CommitAsync(id, entry, s => ValueTask.FromResult(decide(s)), ct);

    /// <summary>
    /// Under the entry's gate: decide, commit (after a lost version race: catch up and decide again),
    /// apply, publish. <paramref name="decide"/> may read the database, so a retry sees fresh facts.
    /// </summary>
    private async Task CommitAsync(Guid id, Entry entry, Func<Session, ValueTask<IReadOnlyList<SessionEvent>>> decide, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            if (entry.Behind) await ApplyInboxAsync(id, entry, ct);
            var session = entry.Session;
            var events = await decide(session);
            if (events.Count == 0) return;
            var commit = new Commit(session.Version + 1, Now, events);
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

    /// <summary>Under the entry's gate: presence follows the connections recorded on every node.</summary>
    private Task SyncPresenceAsync(Guid id, Entry entry, CancellationToken ct) =>
        CommitAsync(id, entry, async s => s.SyncPresence(await presence.ConnectedAsync(id, ct), Now), ct);

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
            entry = new Entry(session) { KnownVersion = session.Version };

            // Presence in the log may be stale (a node died, or this process restarted): the
            // recorded connections are the truth.
            await SyncPresenceAsync(id, entry, ct);
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

        private long _knownVersion;

        /// <summary>The applied version, readable without the gate to skip notices already seen.</summary>
        public long KnownVersion
        {
            get => Volatile.Read(ref _knownVersion);
            set => Volatile.Write(ref _knownVersion, value);
        }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Other nodes' commit notices not yet applied, in commit order; drained under the gate.</summary>
        public ConcurrentQueue<CommitNotice> Inbox { get; } = new();

        /// <summary>1 while a catch-up of the inbox is scheduled or running.</summary>
        public int CatchingUp;

        private long _staleUpTo;

        /// <summary>Other nodes committed up to a version not applied here yet (in the inbox, or only noted while unattached).</summary>
        public bool Behind => !Inbox.IsEmpty || Volatile.Read(ref _staleUpTo) > Session.Version;

        /// <summary>Notes another node's commit without keeping it (any thread).</summary>
        public void MarkStale(long version)
        {
            var seen = Volatile.Read(ref _staleUpTo);
            while (version > seen)
            {
                var before = Interlocked.CompareExchange(ref _staleUpTo, version, seen);
                if (before == seen) return;
                seen = before;
            }
        }

        /// <summary>The highest version noted by <see cref="MarkStale"/>, forgetting it (under the gate).</summary>
        public long TakeStale() => Interlocked.Exchange(ref _staleUpTo, 0);

        public Session Session { get; } = session;

        public bool Ended { get; private set; }

        public int Attached => _connections.Count;

        public IEnumerable<(string ParticipantId, string ConnectionId)> Connections =>
            _connections.SelectMany(p => p.Value.Select(c => (p.Key, c))).ToList();

        /// <summary>This node's open connections of a participant (a copy: the caller may hold it across awaits).</summary>
        public IReadOnlyCollection<string> ConnectionsOf(string participantId) =>
            _connections.TryGetValue(participantId, out var set) ? [.. set] : [];

        public void Attach(string participantId, string connectionId)
        {
            if (!_connections.TryGetValue(participantId, out var set)) _connections[participantId] = set = [];
            set.Add(connectionId);
        }

        public void Detach(string participantId, string connectionId)
        {
            if (_connections.TryGetValue(participantId, out var set) && set.Remove(connectionId) && set.Count == 0)
                _connections.Remove(participantId);
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

        // What operators see (ActiveSessions), copied after every commit so they read it without the gate.
        public int Active;
        public int Present;
        public int Participants;
        public long LastActivityAt;

        /// <summary>The idle stretch (by its last activity) this node last sent <c>sessionExpiring</c> for.</summary>
        public long WarnedFor;

        /// <summary>Recomputes when this session next needs the ticker (autoPlay end, host grace expiry).</summary>
        public void Refresh(EngineOptions options)
        {
            Ended = !Session.IsActive;
            var present = Session.IsActive ? Session.PresentCount : 0;
            Volatile.Write(ref Present, present);
            Volatile.Write(ref Participants, Session.Participants.Count);
            Volatile.Write(ref LastActivityAt, Session.LastActivityAt);
            Volatile.Write(ref Active, Session.IsActive ? 1 : 0);
            var due = Session.AutoAdvanceAt() ?? long.MaxValue;
            var host = Session.Host;
            if (Session.IsActive && present > 0 && host is not { Present: true })
            {
                var hostDue = host is null ? 0 : host.LastSeenAt + (long)options.HostGracePeriod.TotalMilliseconds;
                due = Math.Min(due, hostDue);
            }

            Volatile.Write(ref DueAt, due);
        }
    }
}

/// <summary>An active session as operators see it: no tokens, no participant names.</summary>
public sealed record LoadedSession(
    Guid Id, string Code, SessionKind Kind, string Title, int Present, int Participants, long Version, long CreatedAt, long LastActivityAt);
