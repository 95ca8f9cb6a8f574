using System.Data.Common;
using Huddle.Core.Coaching;
using Npgsql;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Coaching SQL on PostgreSQL: the exclusion constraints ex_coaching_coach_overlap and
/// ex_coaching_client_overlap (btree_gist) refuse overlapping slot-holding sessions, so of many
/// concurrent inserts for one slot, on any number of nodes, exactly one commits.
/// </summary>
public sealed class PostgresCoachingDb(NpgsqlDataSource db) : CoachingDb
{
    internal override async Task<DbConnection> OpenAsync(CancellationToken ct) => await db.OpenConnectionAsync(ct);

    internal override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(ct);

    internal override BookingResult? ClassifyConflict(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: "ex_coaching_coach_overlap" } => BookingResult.CoachBusy,
        PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: "ex_coaching_client_overlap" } => BookingResult.ClientBusy,
        // Two requests with one idempotency key raced; the loser replays the winner (see BookAsync).
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "coaching_idempotency_pkey" } => BookingResult.ClientBusy,
        _ => null,
    };

    internal override bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    internal override bool IsDeadlock(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected };
}
