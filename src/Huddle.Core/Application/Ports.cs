using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

/// <summary>
/// Durable session storage: an append-only log of commits per session plus a small header row
/// (code, kind, status, version, last activity) for look-ups and sweeps.
/// </summary>
public interface ISessionStore
{
    /// <summary>Stores a new session. Throws <see cref="DuplicateCodeException"/> if an active session has the code.</summary>
    Task CreateAsync(Guid id, string code, SessionKind kind, string title, Commit first, CancellationToken ct);

    /// <summary>
    /// Commits one mutation durably. Throws <see cref="VersionConflictException"/> when another writer
    /// already committed that version (the caller catches up and decides again).
    /// </summary>
    Task AppendAsync(Guid id, Commit commit, CancellationToken ct);

    /// <summary>Commits after <paramref name="afterVersion"/> in order; null if the session does not exist.</summary>
    Task<IReadOnlyList<Commit>?> LoadAsync(Guid id, long afterVersion, CancellationToken ct);

    /// <summary>The active session with this code, else the latest ended one that ended after <paramref name="endedAfter"/>.</summary>
    Task<Guid?> FindByCodeAsync(string code, long endedAfter, CancellationToken ct);

    /// <summary>Active sessions whose last commit is older than <paramref name="before"/>.</summary>
    Task<IReadOnlyList<Guid>> FindInactiveAsync(long before, CancellationToken ct);

    /// <summary>Deletes sessions that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    Task<int> PurgeEndedAsync(long endedBefore, CancellationToken ct);

    /// <summary>True when the database answers.</summary>
    Task<bool> PingAsync(CancellationToken ct);
}

/// <summary>
/// Which hub connections are open, on which node (SPEC §6). Presence in a session is derived from
/// these rows, so it is right across nodes: a node's rows go when the node says goodbye or when its
/// heartbeat goes stale (it died).
/// </summary>
public interface IPresenceStore
{
    /// <summary>
    /// Records that the node is alive. Returns false when the store did not know the node: its first
    /// beat, or it was silent so long that others declared it dead and dropped its connections.
    /// </summary>
    Task<bool> BeatAsync(string nodeId, CancellationToken ct);

    /// <summary>Records an open connection of a participant (re-pointing it if the connection id exists).</summary>
    Task ConnectAsync(string nodeId, string connectionId, Guid sessionId, string participantId, long now, CancellationToken ct);

    Task DisconnectAsync(string connectionId, CancellationToken ct);

    /// <summary>Participants of the session with at least one recorded connection on any node.</summary>
    Task<IReadOnlySet<string>> ConnectedAsync(Guid sessionId, CancellationToken ct);

    /// <summary>
    /// Deletes nodes silent for longer than <paramref name="silence"/> (by the store's clock, so the
    /// nodes' clocks need not agree), or the one named, and their connections; returns the sessions
    /// those connections were in.
    /// </summary>
    Task<IReadOnlyList<Guid>> ExpireNodesAsync(TimeSpan silence, string? nodeId, CancellationToken ct);
}

/// <summary>
/// Tells this node about commits made by other nodes (PostgreSQL LISTEN/NOTIFY). A single-node store
/// has none to tell.
/// </summary>
public interface ICommitNotices
{
    /// <summary>False while the node cannot hear other nodes (its listening connection is down).</summary>
    bool Listening { get; }

    /// <summary>
    /// Listens until cancelled: <paramref name="committed"/> (which must return quickly) for each
    /// notice of another node's commit, and <paramref name="missed"/> after the listener (re)connects,
    /// since notices sent while it was away are lost.
    /// </summary>
    Task ListenAsync(Action<CommitNotice> committed, Func<Task> missed, CancellationToken ct);

    /// <summary>
    /// The separate bus's state for <c>/readyz</c>: null when notices travel with the database (no
    /// separate bus), else <c>ok</c> or <c>degraded</c> (this node cannot hear other nodes for now).
    /// </summary>
    string? Bus => null;

    /// <summary>
    /// This node holds the session from now on: a bus with per-session channels subscribes to it. Called
    /// before the session is read, so no commit falls between the read and the subscription.
    /// </summary>
    Task FollowAsync(Guid session) => Task.CompletedTask;

    /// <summary>This node dropped the session: its notices need not come here any more.</summary>
    void Unfollow(Guid session)
    {
    }
}

/// <summary>
/// Another node committed <paramref name="Version"/> of a session. <paramref name="Commit"/> is that
/// commit itself when the notice could carry it (most can), so this node need not read it back.
/// </summary>
public sealed record CommitNotice(Guid Session, long Version, Commit? Commit = null);

public sealed class DuplicateCodeException() : Exception("An active session already uses this code.");

/// <summary>
/// Another writer committed this version first. <see cref="Missed"/> may carry the commits the caller
/// lacks (read in the same round trip), so it can decide again without another read.
/// </summary>
public sealed class VersionConflictException(IReadOnlyList<Commit>? missed = null) : Exception("Another writer committed this version first.")
{
    public IReadOnlyList<Commit> Missed { get; } = missed ?? [];
}

/// <summary>What a commit changed, for the transports to tell clients after it is durable.</summary>
public sealed record SessionChange(
    Session Session,
    Commit Commit,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> DetachedConnections)
{
    /// <summary>This node's open connections of a participant, for events only some may see (classroom).</summary>
    public Func<string, IReadOnlyCollection<string>> ConnectionsOf { get; init; } = _ => [];

    /// <summary>
    /// This node made the commit (false: it caught up on another node's). Every node tells its own
    /// clients; only the committing node writes the lifecycle log, so one commit is logged once.
    /// </summary>
    public bool Local { get; init; } = true;
}

/// <summary>Sends committed changes to clients. Called in version order, after the commit.</summary>
public interface ISessionPublisher
{
    Task PublishAsync(SessionChange change, CancellationToken ct);

    /// <summary>Warns this node's clients of a session that it ends at <paramref name="expiresAt"/> unless something happens.</summary>
    Task ExpiringAsync(Guid sessionId, long version, long expiresAt, CancellationToken ct);
}
