using System.Data.Common;
using System.Text.Json;
using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Coaching sessions, their audit and idempotency keys in SQL shared by both providers (ids are GUID
/// text, times Unix ms). Overlaps are refused by the database itself (a trigger on SQLite, exclusion
/// constraints on PostgreSQL), so no check in this code can race; <see cref="CoachingDb"/> tells
/// which refusal a failed write was.
/// </summary>
public sealed class CoachingSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : ICoachingStore
{
    internal const string SessionColumns = """
        id AS Id, title AS Title, description AS Description, coach_id AS CoachId, client_id AS ClientId,
        starts_at AS StartsAt, duration_minutes AS DurationMinutes, status AS Status, version AS Version,
        created_at AS CreatedAt, started_at AS StartedAt, completed_at AS CompletedAt, cancelled_at AS CancelledAt,
        notes AS Notes, rating AS Rating, feedback AS Feedback, action_items AS ActionItems,
        cancel_reason AS CancelReason, cancelled_by AS CancelledBy, cancel_fee_cents AS CancelFeeCents,
        cancellation_type AS CancellationType, refund_requested AS RefundRequested, reschedule_fee_cents AS RescheduleFeeCents,
        ended_as AS EndedAs, missed_at AS MissedAt, series_id AS SeriesId, no_show_fee_cents AS NoShowFeeCents
        """;

    private readonly StoreCalls _calls = new(metrics, "coaching.");

    public Task<BookingOutcome> BookAsync(CoachingSession session, CoachingAudit audit, IdempotencyKey? key, CancellationToken ct) => _calls.Run<BookingOutcome>(async () =>
    {
        try
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(c, ct);
            if (key is not null && await FindKeyAsync(c, tx, key.AccountId, key.Key, ct) is { } earlier)
                return Outcome(earlier, key);
            await InsertSessionAsync(c, tx, session, ct);
            await InsertAuditAsync(c, tx, audit, ct);
            if (key is not null) await InsertKeyAsync(c, tx, key, session.Id, session.CreatedAt, ct);
            await tx.CommitAsync(ct);
            return new(BookingResult.Booked, session);
        }
        catch (Exception e) when (db.ClassifyConflict(e) is { } conflict)
        {
            // A concurrent request with the same key may have won: then this one is its retry.
            if (key is not null && await FindIdempotentKeyAsync(key.AccountId, key.Key, ct) is { } winner)
                return Outcome(winner, key);
            return new(conflict, null);
        }
    });

    public Task<(string RequestHash, CoachingSession Session)?> FindIdempotentAsync(Guid accountId, string key, CancellationToken ct) =>
        _calls.Run(() => FindIdempotentKeyAsync(accountId, key, ct));

    private async Task<(string RequestHash, CoachingSession Session)?> FindIdempotentKeyAsync(Guid accountId, string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await FindKeyAsync(c, null, accountId, key, ct);
    }

    public Task<CoachingSession?> GetAsync(Guid id, CancellationToken ct) => _calls.Run<CoachingSession?>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, null, CoachingDb.Id(id), ct);
    });

    public Task<IReadOnlyList<CoachingSession>> ListAsync(Guid? accountId, CancellationToken ct) => _calls.Run<IReadOnlyList<CoachingSession>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = accountId is { } a
            ? await c.QueryAsync<SessionRow>(new CommandDefinition(
                $"SELECT {SessionColumns} FROM coaching_sessions WHERE coach_id = @Id OR client_id = @Id ORDER BY starts_at DESC LIMIT 500",
                new { Id = CoachingDb.Id(a) }, cancellationToken: ct))
            : await c.QueryAsync<SessionRow>(new CommandDefinition(
                $"SELECT {SessionColumns} FROM coaching_sessions ORDER BY starts_at DESC LIMIT 500", cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<IReadOnlyList<CoachingSession>> ChargedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        _calls.Run<IReadOnlyList<CoachingSession>>(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            var rows = await c.QueryAsync<SessionRow>(new CommandDefinition($"""
                SELECT {SessionColumns} FROM coaching_sessions
                WHERE starts_at >= @From AND starts_at < @To AND (COALESCE(cancel_fee_cents, 0) > 0 OR reschedule_fee_cents > 0 OR no_show_fee_cents > 0)
                ORDER BY starts_at, id
                """, new { From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() }, cancellationToken: ct));
            return [.. rows.Select(r => r.ToDomain())];
        });

    public Task<IReadOnlyList<TimeInterval>> BusyAsync(Guid coachId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => _calls.Run<IReadOnlyList<TimeInterval>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Start, long End)>(new CommandDefinition("""
            SELECT starts_at, ends_at FROM coaching_sessions
            WHERE coach_id = @Id AND status IN ('scheduled', 'in_progress') AND starts_at < @To AND ends_at > @From
            ORDER BY starts_at
            """, new { Id = CoachingDb.Id(coachId), From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return [.. rows.Select(r => new TimeInterval(DateTimeOffset.FromUnixTimeMilliseconds(r.Start), DateTimeOffset.FromUnixTimeMilliseconds(r.End)))];
    });

    public Task<bool> TransitionAsync(CoachingTransition transition, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        if (!await ApplyAsync(c, tx, transition, ct)) return false;
        await tx.CommitAsync(ct);
        return true;
    });

    /// <summary>Writes one transition (compare-and-set on Before's version) and its audit entry inside the caller's transaction.</summary>
    internal static async Task<bool> ApplyAsync(DbConnection c, DbTransaction tx, CoachingTransition transition, CancellationToken ct)
    {
        var s = transition.After;
        var changed = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE coaching_sessions SET
                status = @Status, version = version + 1, started_at = @StartedAt, completed_at = @CompletedAt, cancelled_at = @CancelledAt,
                notes = @Notes, rating = @Rating, feedback = @Feedback, action_items = @ActionItems,
                cancel_reason = @CancelReason, cancelled_by = @CancelledBy, cancel_fee_cents = @CancelFeeCents,
                cancellation_type = @CancellationType, refund_requested = @RefundRequested, ended_as = @EndedAs, missed_at = @MissedAt,
                no_show_fee_cents = @NoShowFeeCents
            WHERE id = @Id AND version = @Expected
            """, new
        {
            Id = CoachingDb.Id(s.Id), Expected = transition.Before.Version, Status = StoredStatus(s.Status),
            EndedAs = s.Status is CoachingStatus.NoShow or CoachingStatus.Missed ? CoachingNames.Of(s.Status) : null,
            MissedAt = s.MissedAt?.ToUnixTimeMilliseconds(), s.NoShowFeeCents,
            StartedAt = s.StartedAt?.ToUnixTimeMilliseconds(), CompletedAt = s.CompletedAt?.ToUnixTimeMilliseconds(),
            CancelledAt = s.CancelledAt?.ToUnixTimeMilliseconds(), s.Notes, s.Rating, s.Feedback,
            ActionItems = s.ActionItems is null ? null : JsonSerializer.Serialize(s.ActionItems),
            CancelReason = s.Cancellation?.Reason, CancelledBy = s.Cancellation is { } x ? CoachingNames.Of(x.By) : null,
            CancelFeeCents = s.Cancellation?.FeeCents, s.Cancellation?.CancellationType,
            RefundRequested = s.Cancellation is null ? (long?)null : s.Cancellation.RefundRequested ? 1 : 0,
        }, tx, cancellationToken: ct));
        if (changed == 0) return false;
        await InsertAuditAsync(c, tx, transition.Audit, ct);
        return true;
    }

    public Task<IReadOnlyList<CoachingAudit>> AuditAsync(Guid sessionId, CancellationToken ct) => _calls.Run<IReadOnlyList<CoachingAudit>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition("""
            SELECT session_id AS SessionId, at AS At, actor_id AS ActorId, actor_party AS ActorParty, from_status AS FromStatus,
                   to_status AS ToStatus, action AS Action, reason AS Reason
            FROM coaching_audit WHERE session_id = @Id ORDER BY id
            """, new { Id = CoachingDb.Id(sessionId) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    /// <summary>
    /// The row's status: a no-show or missed session is stored as 'cancelled' (it holds no slot) with
    /// <c>ended_as</c> saying which, because SQLite cannot widen the status CHECK in place (migration 0012).
    /// </summary>
    internal static string StoredStatus(CoachingStatus status) =>
        CoachingNames.Of(status is CoachingStatus.NoShow or CoachingStatus.Missed ? CoachingStatus.Cancelled : status);

    internal static Task<int> InsertSessionAsync(DbConnection c, DbTransaction tx, CoachingSession session, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coaching_sessions (id, title, description, coach_id, client_id, starts_at, ends_at, duration_minutes,
                                           status, version, created_at, series_id)
            VALUES (@Id, @Title, @Description, @CoachId, @ClientId, @StartsAt, @EndsAt, @DurationMinutes, 'scheduled', @Version, @CreatedAt, @SeriesId)
            """, new
        {
            Id = CoachingDb.Id(session.Id), session.Title, session.Description, CoachId = CoachingDb.Id(session.CoachId), ClientId = CoachingDb.Id(session.ClientId),
            StartsAt = session.ScheduledAt.ToUnixTimeMilliseconds(), EndsAt = session.EndsAt.ToUnixTimeMilliseconds(),
            session.DurationMinutes, session.Version, CreatedAt = session.CreatedAt.ToUnixTimeMilliseconds(),
            SeriesId = session.SeriesId is { } series ? CoachingDb.Id(series) : null,
        }, tx, cancellationToken: ct));

    internal static Task<int> InsertKeyAsync(DbConnection c, DbTransaction tx, IdempotencyKey key, Guid sessionId, DateTimeOffset at, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coaching_idempotency (account_id, key, request_hash, session_id, created_at)
            VALUES (@Account, @Key, @Hash, @Session, @At)
            """, new { Account = CoachingDb.Id(key.AccountId), key.Key, Hash = key.RequestHash, Session = CoachingDb.Id(sessionId), At = at.ToUnixTimeMilliseconds() },
            tx, cancellationToken: ct));

    internal static Task<int> InsertAuditAsync(DbConnection c, DbTransaction tx, CoachingAudit a, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coaching_audit (session_id, at, actor_id, actor_party, from_status, to_status, action, reason)
            VALUES (@Session, @At, @Actor, @Party, @From, @To, @Action, @Reason)
            """, new
        {
            Session = CoachingDb.Id(a.SessionId), At = a.At.ToUnixTimeMilliseconds(), Actor = CoachingDb.Id(a.ActorId), Party = CoachingNames.Of(a.ActorParty),
            From = a.From is { } f ? CoachingNames.Of(f) : null, To = CoachingNames.Of(a.To), a.Action, a.Reason,
        }, tx, cancellationToken: ct));

    internal static async Task<(string RequestHash, CoachingSession Session)?> FindKeyAsync(
        DbConnection c, DbTransaction? tx, Guid accountId, string key, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(string Hash, string SessionId)>(new CommandDefinition(
            "SELECT request_hash, session_id FROM coaching_idempotency WHERE account_id = @Account AND key = @Key",
            new { Account = CoachingDb.Id(accountId), Key = key }, tx, cancellationToken: ct));
        if (rows.FirstOrDefault() is not { SessionId: not null } found) return null;
        var session = await GetAsync(c, tx, found.SessionId, ct);
        return session is null ? null : (found.Hash, session);
    }

    private static async Task<CoachingSession?> GetAsync(DbConnection c, DbTransaction? tx, string id, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionColumns} FROM coaching_sessions WHERE id = @Id", new { Id = id }, tx, cancellationToken: ct));
        return row?.ToDomain();
    }

    private static BookingOutcome Outcome((string RequestHash, CoachingSession Session) earlier, IdempotencyKey key) =>
        earlier.RequestHash == key.RequestHash
            ? new(BookingResult.Replayed, earlier.Session)
            : new(BookingResult.KeyReused, earlier.Session);

    internal sealed class AuditRow
    {
        public long Id { get; set; }

        public string SessionId { get; set; } = "";

        public long At { get; set; }

        public string ActorId { get; set; } = "";

        public string ActorParty { get; set; } = "";

        public string? FromStatus { get; set; }

        public string ToStatus { get; set; } = "";

        public string Action { get; set; } = "";

        public string? Reason { get; set; }

        public CoachingAudit ToDomain() => new(Guid.Parse(SessionId), DateTimeOffset.FromUnixTimeMilliseconds(At), Guid.Parse(ActorId),
            CoachingNames.ParseParty(ActorParty), FromStatus is null ? null : CoachingNames.ParseStatus(FromStatus),
            CoachingNames.ParseStatus(ToStatus), Action, Reason);
    }

    internal sealed class SessionRow
    {
        public string Id { get; set; } = "";

        public string Title { get; set; } = "";

        public string? Description { get; set; }

        public string CoachId { get; set; } = "";

        public string ClientId { get; set; } = "";

        public long StartsAt { get; set; }

        public long DurationMinutes { get; set; }

        public string Status { get; set; } = "";

        public long Version { get; set; }

        public long CreatedAt { get; set; }

        public long? StartedAt { get; set; }

        public long? CompletedAt { get; set; }

        public long? CancelledAt { get; set; }

        public string? Notes { get; set; }

        public long? Rating { get; set; }

        public string? Feedback { get; set; }

        public string? ActionItems { get; set; }

        public string? CancelReason { get; set; }

        public string? CancelledBy { get; set; }

        public long? CancelFeeCents { get; set; }

        public string? CancellationType { get; set; }

        public long? RefundRequested { get; set; }

        public long RescheduleFeeCents { get; set; }

        public string? EndedAs { get; set; }

        public long? MissedAt { get; set; }

        public string? SeriesId { get; set; }

        public long NoShowFeeCents { get; set; }

        public CoachingSession ToDomain() => new()
        {
            Id = Guid.Parse(Id), Title = Title, Description = Description, CoachId = Guid.Parse(CoachId), ClientId = Guid.Parse(ClientId),
            ScheduledAt = DateTimeOffset.FromUnixTimeMilliseconds(StartsAt), DurationMinutes = (int)DurationMinutes,
            Status = CoachingNames.ParseStatus(EndedAs ?? Status), Version = (int)Version, CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            StartedAt = Time(StartedAt), CompletedAt = Time(CompletedAt), CancelledAt = Time(CancelledAt),
            Notes = Notes, Rating = (int?)Rating, Feedback = Feedback,
            ActionItems = ActionItems is null ? null : JsonSerializer.Deserialize<List<string>>(ActionItems),
            Cancellation = CancelReason is null || CancelledBy is null ? null : new Cancellation(
                CancelReason, CoachingNames.ParseParty(CancelledBy), CancelFeeCents ?? 0, CancellationType, RefundRequested == 1),
            RescheduleFeeCents = RescheduleFeeCents, MissedAt = Time(MissedAt),
            SeriesId = SeriesId is null ? null : Guid.Parse(SeriesId), NoShowFeeCents = NoShowFeeCents,
        };

        private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
