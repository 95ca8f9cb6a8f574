using System.Data.Common;
using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Reading the coaching audit log past a persisted cursor: the one pattern by which the e-mail outbox
/// (<c>coaching_mail_cursor</c>) and webhooks (<c>webhook_cursor</c>) learn of booking changes, each with its own
/// one-row cursor table (<c>id = 1, audit_id, floor_id</c>).
/// </summary>
internal static class AuditCursor
{
    /// <summary>
    /// How far behind the cursor the audit log is read again. On PostgreSQL identity values are taken when a
    /// row is inserted, not when it commits, so a booking that committed a moment after a later one has a lower
    /// id than the cursor already passed; re-reading a window (harmless: keys are unique) catches it.
    /// </summary>
    private const int Overlap = 200;

    public static async Task<IReadOnlyList<AuditPosition>> ReadAsync(CoachingDb db, string cursorTable, int max, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CoachingSqlStore.AuditRow>(new CommandDefinition($"""
            SELECT a.id AS Id, a.session_id AS SessionId, a.at AS At, a.actor_id AS ActorId, a.actor_party AS ActorParty,
                   a.from_status AS FromStatus, a.to_status AS ToStatus, a.action AS Action, a.reason AS Reason
            FROM coaching_audit a, {cursorTable} m
            WHERE m.id = 1 AND a.id > m.floor_id AND a.id > m.audit_id - @Overlap
            ORDER BY a.id LIMIT @Max
            """, new { Overlap, Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => new AuditPosition(r.Id, r.ToDomain()))];
    }

    /// <summary>Moves the cursor forward (never back: a pass that read an overlap must not undo a later one), inside the caller's transaction.</summary>
    public static Task AdvanceAsync(DbConnection c, DbTransaction tx, string cursorTable, long at, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            $"UPDATE {cursorTable} SET audit_id = @At WHERE id = 1 AND audit_id < @At", new { At = at }, tx, cancellationToken: ct));
}
