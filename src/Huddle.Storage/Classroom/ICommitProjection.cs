using System.Data.Common;
using Huddle.Core.Sessions;

namespace Huddle.Storage.Classroom;

/// <summary>
/// Relational tables kept beside the commit log and written inside the transaction of the commit
/// that changes them (the stores call it from their create and append paths), so the tables and
/// the log never disagree. <see cref="Affects"/> is checked first, so commits no projection cares
/// about (votes in a jam, presence, playback: the hot paths) pay nothing.
/// </summary>
public interface ICommitProjection
{
    /// <summary>Cheap, no I/O: whether <see cref="ProjectAsync"/> may have work for this commit of this session.</summary>
    bool Affects(Guid sessionId, IReadOnlyList<SessionEvent> events);

    /// <summary>The store read or wrote a session's log from its first commit: the projection may remember its kind.</summary>
    void Observe(Guid sessionId, IReadOnlyList<Commit>? commits);

    /// <summary>
    /// Writes what the commit changes, on the commit's connection and transaction. May throw a
    /// <see cref="Core.HuddleException"/> to refuse the commit (the transaction is then rolled back).
    /// </summary>
    Task ProjectAsync(DbConnection connection, DbTransaction tx, Guid sessionId, Commit commit, CancellationToken ct);
}

/// <summary>The few places SQLite and PostgreSQL differ for the projection.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}
