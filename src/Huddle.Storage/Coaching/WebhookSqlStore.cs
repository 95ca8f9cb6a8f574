using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Webhooks and their delivery outbox in SQL shared by both providers (<c>webhooks</c>, <c>webhook_deliveries</c>,
/// <c>webhook_cursor</c>, migration 0013). The same shape as the e-mail outbox: adding is idempotent by
/// (hook, event id), sending is claimed by a compare-and-set on (status, attempts, lease).
/// </summary>
public sealed class WebhookSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : IWebhookStore
{
    private const string Cursor = "webhook_cursor";

    private const string HookColumns = "id AS Id, owner_id AS OwnerId, url AS Url, events AS Events, secret AS Secret, created_at AS CreatedAt";

    private const string Columns = """
        id AS Id, webhook_id AS WebhookId, event_id AS EventId, event AS Event, session_id AS SessionId, payload AS Payload,
        created_at AS CreatedAt, status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_attempt_at AS LastAttemptAt,
        last_status_code AS LastStatusCode, last_error AS LastError, response_excerpt AS ResponseExcerpt, delivered_at AS DeliveredAt
        """;

    private const string Due = "((status = 'pending' AND next_attempt_at <= @Now) OR (status = 'sending' AND lease_until <= @Now))";

    private readonly StoreCalls _calls = new(metrics, "webhooks.");

    public Task<bool> AddAsync(Webhook hook, int maxPerOwner, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var owner = hook.OwnerId is { } o ? CoachingDb.Id(o) : null;
        var count = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM webhooks WHERE owner_id = @Owner OR (@Owner IS NULL AND owner_id IS NULL)", new { Owner = owner }, tx, cancellationToken: ct));
        if (count >= maxPerOwner) return false;
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO webhooks (id, owner_id, url, events, secret, created_at) VALUES (@Id, @Owner, @Url, @Events, @Secret, @At)
            """, new { Id = CoachingDb.Id(hook.Id), Owner = owner, hook.Url, Events = string.Join(',', hook.Events), hook.Secret, At = hook.CreatedAt.ToUnixTimeMilliseconds() },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    });

    public Task<IReadOnlyList<Webhook>> ListAsync(Guid? ownerId, CancellationToken ct) => _calls.Run<IReadOnlyList<Webhook>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<HookRow>(new CommandDefinition(
            $"SELECT {HookColumns} FROM webhooks WHERE @Owner IS NULL OR owner_id = @Owner ORDER BY created_at, id",
            new { Owner = ownerId is { } o ? CoachingDb.Id(o) : null }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<Webhook?> FindAsync(Guid id, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<HookRow>(new CommandDefinition(
            $"SELECT {HookColumns} FROM webhooks WHERE id = @Id", new { Id = CoachingDb.Id(id) }, cancellationToken: ct));
        return row?.ToDomain();
    });

    public Task<bool> DeleteAsync(Guid id, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        // Deliveries first: SQLite enforces the foreign key only when asked to, so the cascade is not relied on.
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_deliveries WHERE webhook_id = @Id", new { Id = CoachingDb.Id(id) }, tx, cancellationToken: ct));
        var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM webhooks WHERE id = @Id", new { Id = CoachingDb.Id(id) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted == 1;
    });

    public Task<IReadOnlyList<AuditPosition>> AuditAfterCursorAsync(int max, CancellationToken ct) =>
        _calls.Run(() => AuditCursor.ReadAsync(db, Cursor, max, ct));

    public Task EnqueueAsync(IReadOnlyList<WebhookDeliveryRequest> deliveries, long cursor, DateTimeOffset now, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        foreach (var d in deliveries)
        {
            // INSERT … SELECT: a hook deleted since the pass read it adds nothing (and breaks no foreign key).
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO webhook_deliveries (webhook_id, event_id, event, session_id, payload, created_at, next_attempt_at)
                SELECT id, @EventId, @Event, @Session, @Payload, @Now, @Now FROM webhooks WHERE id = @Hook
                ON CONFLICT (webhook_id, event_id) DO NOTHING
                """, new { Hook = CoachingDb.Id(d.WebhookId), d.EventId, d.Event, Session = CoachingDb.Id(d.SessionId), d.Payload, Now = now.ToUnixTimeMilliseconds() },
                tx, cancellationToken: ct));
        }

        await AuditCursor.AdvanceAsync(c, tx, Cursor, cursor, ct);
        await tx.CommitAsync(ct);
        return 0;
    });

    public Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken ct) => _calls.Run<IReadOnlyList<WebhookDelivery>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_deliveries WHERE {Due} ORDER BY id LIMIT @Max",
            new { Now = now.ToUnixTimeMilliseconds(), Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<bool> TryClaimAsync(WebhookDelivery seen, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        // attempts is the row's version: of two nodes that saw the same row, one update matches.
        return await c.ExecuteAsync(new CommandDefinition($"""
            UPDATE webhook_deliveries SET status = 'sending', attempts = attempts + 1, lease_until = @Lease
            WHERE id = @Id AND attempts = @Attempts AND {Due}
            """, new { seen.Id, seen.Attempts, Now = now.ToUnixTimeMilliseconds(), Lease = leaseUntil.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    });

    public Task RecordAsync(long id, WebhookAttempt attempt, bool delivered, DateTimeOffset? retryAt, CancellationToken ct) => _calls.Run(async () =>
    {
        var status = delivered ? "delivered" : retryAt is null ? "failed" : "pending";
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_deliveries
            SET status = @Status, next_attempt_at = COALESCE(@RetryAt, next_attempt_at), lease_until = NULL, last_attempt_at = @At,
                last_status_code = @Code, last_error = @Error, response_excerpt = @Excerpt, delivered_at = @DeliveredAt
            WHERE id = @Id AND status = 'sending'
            """, new
        {
            Id = id, Status = status, RetryAt = retryAt?.ToUnixTimeMilliseconds(), At = attempt.At.ToUnixTimeMilliseconds(), Code = attempt.StatusCode,
            attempt.Error, Excerpt = attempt.ResponseExcerpt, DeliveredAt = delivered ? attempt.At.ToUnixTimeMilliseconds() : (long?)null,
        }, cancellationToken: ct));
    });

    public Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Guid webhookId, int limit, CancellationToken ct) => _calls.Run<IReadOnlyList<WebhookDelivery>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_deliveries WHERE webhook_id = @Hook ORDER BY id DESC LIMIT @Limit",
            new { Hook = CoachingDb.Id(webhookId), Limit = limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<bool> ReplayAsync(Guid webhookId, long deliveryId, DateTimeOffset now, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = @Now
            WHERE id = @Id AND webhook_id = @Hook AND status IN ('delivered', 'failed')
            """, new { Id = deliveryId, Hook = CoachingDb.Id(webhookId), Now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    });

    private sealed class HookRow
    {
        public string Id { get; set; } = "";

        public string? OwnerId { get; set; }

        public string Url { get; set; } = "";

        public string Events { get; set; } = "";

        public string Secret { get; set; } = "";

        public long CreatedAt { get; set; }

        public Webhook ToDomain() => new(
            Guid.Parse(Id), OwnerId is { } o ? Guid.Parse(o) : null, Url, Events.Split(',', StringSplitOptions.RemoveEmptyEntries), Secret,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string WebhookId { get; set; } = "";

        public string EventId { get; set; } = "";

        public string Event { get; set; } = "";

        public string SessionId { get; set; } = "";

        public string Payload { get; set; } = "";

        public long CreatedAt { get; set; }

        public string Status { get; set; } = "";

        public long Attempts { get; set; }

        public long NextAttemptAt { get; set; }

        public long? LastAttemptAt { get; set; }

        public long? LastStatusCode { get; set; }

        public string? LastError { get; set; }

        public string? ResponseExcerpt { get; set; }

        public long? DeliveredAt { get; set; }

        public WebhookDelivery ToDomain() => new(
            Id, Guid.Parse(WebhookId), EventId, Event, Guid.Parse(SessionId), Payload, At(CreatedAt), Enum.Parse<WebhookDeliveryStatus>(Status, ignoreCase: true),
            (int)Attempts, At(NextAttemptAt), LastAttemptAt is { } a ? At(a) : null, LastStatusCode is { } s ? (int)s : null, LastError, ResponseExcerpt,
            DeliveredAt is { } d ? At(d) : null);

        private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
