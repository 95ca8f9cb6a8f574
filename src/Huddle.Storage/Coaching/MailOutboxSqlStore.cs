using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// The coaching e-mail outbox in SQL shared by both providers (<c>coaching_mail</c>, migration 0010).
/// Adding is idempotent by <c>dedupe_key</c> (INSERT … ON CONFLICT DO NOTHING, which SQLite and
/// PostgreSQL both speak); sending is claimed by a compare-and-set on (status, attempts, lease).
/// </summary>
public sealed class MailOutboxSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : IMailOutbox
{
    private const string Columns = """
        id AS Id, dedupe_key AS DedupeKey, session_id AS SessionId, kind AS Kind, recipient_id AS RecipientId, created_at AS CreatedAt,
        status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt, sent_at AS SentAt, last_error AS LastError
        """;

    private readonly StoreCalls _calls = new(metrics, "mail.");

    public Task<IReadOnlyList<AuditPosition>> AuditAfterCursorAsync(int max, CancellationToken ct) =>
        _calls.Run(() => AuditCursor.ReadAsync(db, "coaching_mail_cursor", max, ct));

    public Task EnqueueAsync(IReadOnlyList<MailRequest> messages, long? cursor, DateTimeOffset now, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        foreach (var m in messages)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO coaching_mail (dedupe_key, session_id, kind, recipient_id, created_at, next_attempt_at)
                VALUES (@Key, @Session, @Kind, @Recipient, @Now, @Now)
                ON CONFLICT (dedupe_key) DO NOTHING
                """, new { Key = m.DedupeKey, Session = CoachingDb.Id(m.SessionId), Kind = m.Kind.ToString(), Recipient = CoachingDb.Id(m.RecipientId), Now = now.ToUnixTimeMilliseconds() },
                tx, cancellationToken: ct));
        if (cursor is { } at) await AuditCursor.AdvanceAsync(c, tx, "coaching_mail_cursor", at, ct);
        await tx.CommitAsync(ct);
        return 0;
    });

    public Task<IReadOnlyList<CoachingSession>> StartingSoonAsync(DateTimeOffset now, TimeSpan within, CancellationToken ct) => _calls.Run<IReadOnlyList<CoachingSession>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CoachingSqlStore.SessionRow>(new CommandDefinition($"""
            SELECT {CoachingSqlStore.SessionColumns} FROM coaching_sessions
            WHERE status = 'scheduled' AND starts_at > @Now AND starts_at <= @To ORDER BY starts_at LIMIT 1000
            """, new { Now = now.ToUnixTimeMilliseconds(), To = (now + within).ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<IReadOnlyList<MailMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct) => _calls.Run<IReadOnlyList<MailMessage>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM coaching_mail
            WHERE (status = 'pending' AND next_attempt_at <= @Now) OR (status = 'sending' AND lease_until <= @Now)
            ORDER BY id LIMIT @Max
            """, new { Now = now.ToUnixTimeMilliseconds(), Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<bool> TryClaimAsync(MailMessage seen, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        // attempts is the row's version: of two nodes that saw the same row, one update matches.
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE coaching_mail SET status = 'sending', attempts = attempts + 1, lease_until = @Lease
            WHERE id = @Id AND attempts = @Attempts
              AND ((status = 'pending' AND next_attempt_at <= @Now) OR (status = 'sending' AND lease_until <= @Now))
            """, new { seen.Id, seen.Attempts, Now = now.ToUnixTimeMilliseconds(), Lease = leaseUntil.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    });

    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE coaching_mail SET status = 'sent', sent_at = @At, lease_until = NULL, last_error = NULL WHERE id = @Id",
            new { Id = id, At = at.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    });

    public Task MarkFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE coaching_mail SET status = @Status, next_attempt_at = COALESCE(@RetryAt, next_attempt_at), lease_until = NULL, last_error = @Error
            WHERE id = @Id AND status = 'sending'
            """, new { Id = id, Status = retryAt is null ? "dead" : "pending", RetryAt = retryAt?.ToUnixTimeMilliseconds(), Error = error }, cancellationToken: ct));
    });

    public Task<IReadOnlyList<MailMessage>> ListAsync(MailStatus? status, int limit, CancellationToken ct) => _calls.Run<IReadOnlyList<MailMessage>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM coaching_mail WHERE @Status IS NULL OR status = @Status ORDER BY id DESC LIMIT @Limit
            """, new { Status = status is { } s ? Name(s) : null, Limit = limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<bool> RequeueAsync(long id, DateTimeOffset now, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE coaching_mail SET status = 'pending', attempts = 0, next_attempt_at = @Now WHERE id = @Id AND status = 'dead'",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    });

    private static string Name(MailStatus status) => status switch
    {
        MailStatus.Pending => "pending",
        MailStatus.Sending => "sending",
        MailStatus.Sent => "sent",
        MailStatus.Dead => "dead",
    };

    private sealed class Row
    {
        public long Id { get; set; }

        public string DedupeKey { get; set; } = "";

        public string SessionId { get; set; } = "";

        public string Kind { get; set; } = "";

        public string RecipientId { get; set; } = "";

        public long CreatedAt { get; set; }

        public string Status { get; set; } = "";

        public long Attempts { get; set; }

        public long NextAttemptAt { get; set; }

        public long? SentAt { get; set; }

        public string? LastError { get; set; }

        public MailMessage ToDomain() => new(
            Id, DedupeKey, Guid.Parse(SessionId), Enum.Parse<MailKind>(Kind), Guid.Parse(RecipientId), DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            Enum.Parse<MailStatus>(Status, ignoreCase: true), (int)Attempts, DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAt),
            SentAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null, LastError);
    }
}
