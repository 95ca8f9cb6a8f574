using System.Data.Common;
using System.Text.Json;
using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Accounts and coaching sessions in SQL shared by both providers (ids are GUID text, times Unix
/// ms). The providers differ only in how a write transaction starts and how a refused write is
/// reported: overlaps are refused by the database itself (a trigger on SQLite, exclusion
/// constraints on PostgreSQL), so no check in this code can race.
/// </summary>
public abstract class CoachingSqlStore : IAccountStore, ICoachingStore
{
    private const string SessionColumns = """
        id AS Id, title AS Title, description AS Description, coach_id AS CoachId, client_id AS ClientId,
        starts_at AS StartsAt, duration_minutes AS DurationMinutes, status AS Status, version AS Version,
        created_at AS CreatedAt, started_at AS StartedAt, completed_at AS CompletedAt, cancelled_at AS CancelledAt,
        notes AS Notes, rating AS Rating, feedback AS Feedback, action_items AS ActionItems,
        cancel_reason AS CancelReason, cancelled_by AS CancelledBy, cancel_fee_cents AS CancelFeeCents,
        cancellation_type AS CancellationType, refund_requested AS RefundRequested
        """;

    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction that holds the write lock from its first statement (SQLite: BEGIN IMMEDIATE).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Which booking conflict a failed write was, or null when it was something else.</summary>
    protected abstract BookingResult? ClassifyConflict(Exception e);

    protected abstract bool IsUniqueViolation(Exception e);

    // ---- accounts ----

    public async Task<bool> CreateAsync(Account account, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(c, ct);
        try
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO accounts (id, email, name, password_hash, security_stamp, created_at)
                VALUES (@Id, @Email, @Name, @Hash, @Stamp, @At)
                """, new { Id = Id(account.Id), account.Email, account.Name, Hash = account.PasswordHash, Stamp = account.SecurityStamp, At = account.CreatedAt.ToUnixTimeMilliseconds() },
                tx, cancellationToken: ct));
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return false;
        }

        foreach (var role in account.Roles)
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO account_roles (account_id, role) VALUES (@Id, @Role)",
                new { Id = Id(account.Id), Role = role }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public Task<Account?> FindByEmailAsync(string normalizedEmail, CancellationToken ct) => FindAccountAsync("email = @Key", normalizedEmail, ct);

    public Task<Account?> FindAsync(Guid id, CancellationToken ct) => FindAccountAsync("id = @Key", Id(id), ct);

    public async Task UpdatePasswordHashAsync(Guid id, string passwordHash, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET password_hash = @Hash WHERE id = @Id", new { Id = Id(id), Hash = passwordHash }, cancellationToken: ct));
    }

    public async Task<bool> ReplaceSecurityStampAsync(Guid id, string expectedStamp, string newStamp, string? newPasswordHash, CancellationToken ct)
    {
        // Compare-and-set on the stamp: of two racing changes only one wins, so the winner's new token is the valid one.
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE accounts SET security_stamp = @New, password_hash = COALESCE(@Hash, password_hash)
            WHERE id = @Id AND security_stamp = @Expected
            """, new { Id = Id(id), Expected = expectedStamp, New = newStamp, Hash = newPasswordHash }, cancellationToken: ct)) == 1;
    }

    public Task<bool> AddRoleAsync(Guid id, string role, CancellationToken ct) =>
        ChangeRoleAsync(id, role, "INSERT INTO account_roles (account_id, role) VALUES (@Id, @Role) ON CONFLICT DO NOTHING", ct);

    public Task<bool> RemoveRoleAsync(Guid id, string role, CancellationToken ct) =>
        ChangeRoleAsync(id, role, "DELETE FROM account_roles WHERE account_id = @Id AND role = @Role", ct);

    private async Task<bool> ChangeRoleAsync(Guid id, string role, string sql, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var exists = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM accounts WHERE id = @Id", new { Id = Id(id) }, cancellationToken: ct));
        if (exists == 0) return false;
        await c.ExecuteAsync(new CommandDefinition(sql, new { Id = Id(id), Role = role }, cancellationToken: ct));
        return true;
    }

    public async Task<IReadOnlyList<CoachProfile>> ListCoachesAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<CoachRow>(new CommandDefinition(CoachQuery + " ORDER BY a.name, a.id", cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<CoachProfile?> FindCoachAsync(Guid id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CoachRow>(new CommandDefinition(CoachQuery + " WHERE a.id = @Id", new { Id = Id(id) }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task SaveCoachProfileAsync(Guid id, CoachAvailability availability, string? bio, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coach_profiles (account_id, time_zone, availability, bio, updated_at) VALUES (@Id, @Zone, @Json, @Bio, @At)
            ON CONFLICT (account_id) DO UPDATE SET time_zone = excluded.time_zone, availability = excluded.availability,
                bio = excluded.bio, updated_at = excluded.updated_at
            """, new
        {
            Id = Id(id), Zone = availability.TimeZone.Id, Json = AvailabilityDocument.Of(availability).Serialize(), Bio = bio,
            // updated_at is an operator's record that nothing reads back: the real clock, not business time.
            At = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: ct));
    }

    private const string CoachQuery = """
        SELECT a.id AS Id, a.name AS Name, p.availability AS Availability, p.bio AS Bio
        FROM accounts a
        JOIN account_roles r ON r.account_id = a.id AND r.role = 'coach'
        LEFT JOIN coach_profiles p ON p.account_id = a.id
        """;

    private const string AccountColumns = """
        id AS Id, email AS Email, name AS Name, password_hash AS PasswordHash, security_stamp AS SecurityStamp,
        created_at AS CreatedAt
        """;

    private async Task<Account?> FindAccountAsync(string where, string key, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountColumns} FROM accounts WHERE {where}", new { Key = key }, cancellationToken: ct));
        if (row is null) return null;
        var roles = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT role FROM account_roles WHERE account_id = @Id ORDER BY role", new { row.Id }, cancellationToken: ct));
        return row.ToDomain([.. roles]);
    }

    public async Task<IReadOnlyList<Account>> SearchAccountsAsync(string text, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        // LOWER on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for non-ASCII letters.
        var where = text.Length == 0 ? "" : @"WHERE LOWER(email) LIKE @Pattern ESCAPE '\' OR LOWER(name) LIKE @Pattern ESCAPE '\'";
        var page = $"SELECT {AccountColumns} FROM accounts {where} ORDER BY created_at DESC, id DESC LIMIT @Limit";
        var args = new { Pattern = "%" + EscapeLike(text.ToLowerInvariant()) + "%", Limit = limit };
        var rows = (await c.QueryAsync<AccountRow>(new CommandDefinition(page, args, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        // The same page again rather than a list parameter: Dapper expands IN @list on SQLite but not on Npgsql.
        var roles = (await c.QueryAsync<(string AccountId, string Role)>(new CommandDefinition(
                $"SELECT r.account_id, r.role FROM account_roles r JOIN ({page}) p ON p.Id = r.account_id ORDER BY r.role", args, cancellationToken: ct)))
            .ToLookup(r => r.AccountId, r => r.Role);
        return [.. rows.Select(r => r.ToDomain([.. roles[r.Id]]))];
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    // ---- sessions ----

    public async Task<BookingOutcome> BookAsync(CoachingSession session, CoachingAudit audit, IdempotencyKey? key, CancellationToken ct)
    {
        try
        {
            await using var c = await OpenAsync(ct);
            await using var tx = await BeginWriteAsync(c, ct);
            if (key is not null && await FindKeyAsync(c, tx, key.AccountId, key.Key, ct) is { } earlier)
                return Outcome(earlier, key);
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO coaching_sessions (id, title, description, coach_id, client_id, starts_at, ends_at, duration_minutes,
                                               status, version, created_at)
                VALUES (@Id, @Title, @Description, @CoachId, @ClientId, @StartsAt, @EndsAt, @DurationMinutes, 'scheduled', @Version, @CreatedAt)
                """, new
            {
                Id = Id(session.Id), session.Title, session.Description, CoachId = Id(session.CoachId), ClientId = Id(session.ClientId),
                StartsAt = session.ScheduledAt.ToUnixTimeMilliseconds(), EndsAt = session.EndsAt.ToUnixTimeMilliseconds(),
                session.DurationMinutes, session.Version, CreatedAt = session.CreatedAt.ToUnixTimeMilliseconds(),
            }, tx, cancellationToken: ct));
            await InsertAuditAsync(c, tx, audit, ct);
            if (key is not null)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO coaching_idempotency (account_id, key, request_hash, session_id, created_at)
                    VALUES (@Account, @Key, @Hash, @Session, @At)
                    """, new { Account = Id(key.AccountId), key.Key, Hash = key.RequestHash, Session = Id(session.Id), At = session.CreatedAt.ToUnixTimeMilliseconds() },
                    tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return new(BookingResult.Booked, session);
        }
        catch (Exception e) when (ClassifyConflict(e) is { } conflict)
        {
            // A concurrent request with the same key may have won: then this one is its retry.
            if (key is not null && await FindIdempotentAsync(key.AccountId, key.Key, ct) is { } winner)
                return Outcome(winner, key);
            return new(conflict, null);
        }
    }

    public async Task<(string RequestHash, CoachingSession Session)?> FindIdempotentAsync(Guid accountId, string key, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await FindKeyAsync(c, null, accountId, key, ct);
    }

    public async Task<CoachingSession?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await GetAsync(c, null, Id(id), ct);
    }

    public async Task<IReadOnlyList<CoachingSession>> ListAsync(Guid? accountId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = accountId is { } a
            ? await c.QueryAsync<SessionRow>(new CommandDefinition(
                $"SELECT {SessionColumns} FROM coaching_sessions WHERE coach_id = @Id OR client_id = @Id ORDER BY starts_at DESC LIMIT 500",
                new { Id = Id(a) }, cancellationToken: ct))
            : await c.QueryAsync<SessionRow>(new CommandDefinition(
                $"SELECT {SessionColumns} FROM coaching_sessions ORDER BY starts_at DESC LIMIT 500", cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<TimeInterval>> BusyAsync(Guid coachId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<(long Start, long End)>(new CommandDefinition("""
            SELECT starts_at, ends_at FROM coaching_sessions
            WHERE coach_id = @Id AND status IN ('scheduled', 'in_progress') AND starts_at < @To AND ends_at > @From
            ORDER BY starts_at
            """, new { Id = Id(coachId), From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return [.. rows.Select(r => new TimeInterval(DateTimeOffset.FromUnixTimeMilliseconds(r.Start), DateTimeOffset.FromUnixTimeMilliseconds(r.End)))];
    }

    public async Task<bool> TransitionAsync(CoachingTransition transition, CancellationToken ct)
    {
        var s = transition.After;
        await using var c = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(c, ct);
        var changed = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE coaching_sessions SET
                status = @Status, version = version + 1, started_at = @StartedAt, completed_at = @CompletedAt, cancelled_at = @CancelledAt,
                notes = @Notes, rating = @Rating, feedback = @Feedback, action_items = @ActionItems,
                cancel_reason = @CancelReason, cancelled_by = @CancelledBy, cancel_fee_cents = @CancelFeeCents,
                cancellation_type = @CancellationType, refund_requested = @RefundRequested
            WHERE id = @Id AND version = @Expected
            """, new
        {
            Id = Id(s.Id), Expected = transition.Before.Version, Status = CoachingNames.Of(s.Status),
            StartedAt = s.StartedAt?.ToUnixTimeMilliseconds(), CompletedAt = s.CompletedAt?.ToUnixTimeMilliseconds(),
            CancelledAt = s.CancelledAt?.ToUnixTimeMilliseconds(), s.Notes, s.Rating, s.Feedback,
            ActionItems = s.ActionItems is null ? null : JsonSerializer.Serialize(s.ActionItems),
            CancelReason = s.Cancellation?.Reason, CancelledBy = s.Cancellation is { } x ? CoachingNames.Of(x.By) : null,
            CancelFeeCents = s.Cancellation?.FeeCents, s.Cancellation?.CancellationType,
            RefundRequested = s.Cancellation is null ? (long?)null : s.Cancellation.RefundRequested ? 1 : 0,
        }, tx, cancellationToken: ct));
        if (changed == 0) return false;
        await InsertAuditAsync(c, tx, transition.Audit, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<CoachingAudit>> AuditAsync(Guid sessionId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition("""
            SELECT session_id AS SessionId, at AS At, actor_id AS ActorId, actor_party AS ActorParty, from_status AS FromStatus,
                   to_status AS ToStatus, action AS Action, reason AS Reason
            FROM coaching_audit WHERE session_id = @Id ORDER BY id
            """, new { Id = Id(sessionId) }, cancellationToken: ct));
        return [.. rows.Select(r => new CoachingAudit(Guid.Parse(r.SessionId), DateTimeOffset.FromUnixTimeMilliseconds(r.At), Guid.Parse(r.ActorId),
            CoachingNames.ParseParty(r.ActorParty), r.FromStatus is null ? null : CoachingNames.ParseStatus(r.FromStatus),
            CoachingNames.ParseStatus(r.ToStatus), r.Action, r.Reason))];
    }

    private static Task<int> InsertAuditAsync(DbConnection c, DbTransaction tx, CoachingAudit a, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coaching_audit (session_id, at, actor_id, actor_party, from_status, to_status, action, reason)
            VALUES (@Session, @At, @Actor, @Party, @From, @To, @Action, @Reason)
            """, new
        {
            Session = Id(a.SessionId), At = a.At.ToUnixTimeMilliseconds(), Actor = Id(a.ActorId), Party = CoachingNames.Of(a.ActorParty),
            From = a.From is { } f ? CoachingNames.Of(f) : null, To = CoachingNames.Of(a.To), a.Action, a.Reason,
        }, tx, cancellationToken: ct));

    private static async Task<(string RequestHash, CoachingSession Session)?> FindKeyAsync(
        DbConnection c, DbTransaction? tx, Guid accountId, string key, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(string Hash, string SessionId)>(new CommandDefinition(
            "SELECT request_hash, session_id FROM coaching_idempotency WHERE account_id = @Account AND key = @Key",
            new { Account = Id(accountId), Key = key }, tx, cancellationToken: ct));
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

    private static string Id(Guid id) => id.ToString("D");

    private sealed class AccountRow
    {
        public string Id { get; set; } = "";

        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string PasswordHash { get; set; } = "";

        public string SecurityStamp { get; set; } = "";

        public long CreatedAt { get; set; }

        public Account ToDomain(IReadOnlyList<string> roles) =>
            new(Guid.Parse(Id), Email, Name, PasswordHash, roles, SecurityStamp, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    private sealed class CoachRow
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public string? Availability { get; set; }

        public string? Bio { get; set; }

        public CoachProfile ToDomain() => new(
            Guid.Parse(Id), Name, Bio,
            Availability is null ? CoachAvailability.Empty(TimeZoneInfo.Utc) : AvailabilityDocument.Deserialize(Availability).ToDomain());
    }

    private sealed class AuditRow
    {
        public string SessionId { get; set; } = "";

        public long At { get; set; }

        public string ActorId { get; set; } = "";

        public string ActorParty { get; set; } = "";

        public string? FromStatus { get; set; }

        public string ToStatus { get; set; } = "";

        public string Action { get; set; } = "";

        public string? Reason { get; set; }
    }

    private sealed class SessionRow
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

        public CoachingSession ToDomain() => new()
        {
            Id = Guid.Parse(Id), Title = Title, Description = Description, CoachId = Guid.Parse(CoachId), ClientId = Guid.Parse(ClientId),
            ScheduledAt = DateTimeOffset.FromUnixTimeMilliseconds(StartsAt), DurationMinutes = (int)DurationMinutes,
            Status = CoachingNames.ParseStatus(Status), Version = (int)Version, CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            StartedAt = Time(StartedAt), CompletedAt = Time(CompletedAt), CancelledAt = Time(CancelledAt),
            Notes = Notes, Rating = (int?)Rating, Feedback = Feedback,
            ActionItems = ActionItems is null ? null : JsonSerializer.Deserialize<List<string>>(ActionItems),
            Cancellation = CancelReason is null || CancelledBy is null ? null : new Cancellation(
                CancelReason, CoachingNames.ParseParty(CancelledBy), CancelFeeCents ?? 0, CancellationType, RefundRequested == 1),
        };

        private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
