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
public sealed partial class SessionService(
    ISessionStore store,
    IPresenceStore presence,
    ISessionPublisher publisher,
    SongCatalog catalog,
    HuddleLimits limits,
    EngineOptions options,
    TimeProvider time,
    IEngineMetrics? metrics = null,
    ICommitNotices? notices = null) : IDisposable
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
        SessionKind kind, string? hostName, string? title, SettingsPatch? settings, JoinView<T> view, CancellationToken ct) =>
        CreateAsync(kind, hostName, title, settings, _ => [], view, ct);

    /// <summary>
    /// Creates a session whose first commit also holds <paramref name="setup"/>, the kind's own starting
    /// events, decided at the commit's instant.
    /// </summary>
    public async Task<JoinResult<T>> CreateAsync<T>(
        SessionKind kind, string? hostName, string? title, SettingsPatch? settings, Func<long, IReadOnlyList<SessionEvent>> setup,
        JoinView<T> view, CancellationToken ct)
    {
        var name = Validate.Name(hostName, limits);
        var validTitle = Validate.Title(title, limits);
        var validSettings = SessionSettings.Defaults(limits, kind).With(settings ?? new SettingsPatch(), limits);
        var token = Secrets.NewToken();
        var hostId = Secrets.NewId("p_");
        var id = Guid.NewGuid();
        var session = await StoreNewAsync(
            id, kind, validTitle, (code, now) =>
            {
                var own = setup(now);

                // Every classroom records the per-host cap it was created under (the store enforces it).
                if (kind.HasQuestions() && !own.OfType<ClassroomStarted>().Any()) own = [.. own, .. Session.SetUpClassroom(limits)];
                return [.. Session.Create(id, code, kind, validTitle, validSettings, hostId, name, Secrets.HashToken(token), now), .. own];
            },
            ct);
        return new JoinResult<T>(id, hostId, token, view(session, hostId, token, session.CreatedAt));
    }

    /// <summary>
    /// Opens the session with this id unless it exists already: idempotent, also when two requests or
    /// two nodes race (the store's primary key lets one create it; the other finds it) and after a
    /// restart. <paramref name="open"/> gives the first commit's events for a code, at the commit's instant.
    /// </summary>
    public async Task<T> OpenAsync<T>(
        Guid id, SessionKind kind, string title, Func<string, long, IReadOnlyList<SessionEvent>> open, Func<Session, T> view, CancellationToken ct)
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
        Guid id, SessionKind kind, string title, Func<string, long, IReadOnlyList<SessionEvent>> first, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var code = Secrets.NewCode();
            var now = Now;
            var commit = new Commit(1, now, first(code, now));
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
            await Follow(id);
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

    /// <summary>A read whose view needs the time (a snapshot's server time): the engine's instant, read once.</summary>
    public Task<T> ReadAsync<T>(Guid id, Func<Session, long, T> view, CancellationToken ct) => ReadAsync(id, s => view(s, Now), ct);

    /// <summary>The sessions this node holds in memory.</summary>
    public IReadOnlyCollection<Guid> LoadedSessions => [.. _entries.Keys];

    /// <summary>Subscribes to the session's notices before it is read (a bus with per-session channels).</summary>
    private Task Follow(Guid id) => notices?.FollowAsync(id) ?? Task.CompletedTask;

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

    /// <summary>
    /// The server's time, for the replies that are about the clock itself (<c>Ping</c>, the admin stats).
    /// Commands never read it: the engine hands them its instant (<see cref="Decision"/>).
    /// </summary>
    public long UnixNow() => Now;

    public void Dispose() => _loadGate.Dispose();

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
            await Follow(id);
            var commits = await store.LoadAsync(id, 0, ct);
            if (commits is null)
            {
                notices?.Unfollow(id);
                throw Errors.SessionNotFound();
            }

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
}

/// <summary>
/// What a door makes of a session after a create or a join: the participant's view, their token
/// (empty in a coaching room) and the instant the join was decided at.
/// </summary>
public delegate T JoinView<out T>(Session session, string participantId, string participantToken, long now);

/// <summary>An active session as operators see it: no tokens, no participant names.</summary>
public sealed record LoadedSession(
    Guid Id, string Code, SessionKind Kind, string Title, int Present, int Participants, long Version, long CreatedAt, long LastActivityAt);
