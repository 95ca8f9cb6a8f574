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

public sealed class DuplicateCodeException() : Exception("An active session already uses this code.");

public sealed class VersionConflictException() : Exception("Another writer committed this version first.");

/// <summary>What a commit changed, for the transports to tell clients after it is durable.</summary>
public sealed record SessionChange(
    Session Session,
    Commit Commit,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> DetachedConnections);

/// <summary>Sends committed changes to clients. Called in version order, after the commit.</summary>
public interface ISessionPublisher
{
    Task PublishAsync(SessionChange change, CancellationToken ct);
}
