using System.Data.Common;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// What the coaching SQL needs from a provider: how a write transaction starts and how a refused
/// write is reported. The SQL itself (<see cref="AccountSqlStore"/>, <see cref="CoachingSqlStore"/>) is shared.
/// </summary>
public abstract class CoachingDb
{
    internal abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction that holds the write lock from its first statement (SQLite: BEGIN IMMEDIATE).</summary>
    internal abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Which booking conflict a failed write was, or null when it was something else.</summary>
    internal abstract BookingResult? ClassifyConflict(Exception e);

    internal abstract bool IsUniqueViolation(Exception e);

    /// <summary>
    /// Two transactions each waiting on the other's conflicting rows (PostgreSQL checks an exclusion
    /// constraint against uncommitted rows, so overlapping multi-row inserts can deadlock); one is aborted.
    /// </summary>
    internal virtual bool IsDeadlock(Exception e) => false;

    internal static string Id(Guid id) => id.ToString("D");
}
