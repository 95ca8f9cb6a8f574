using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>Calendar feed secrets (their hashes) per account, in SQL shared by both providers (migration 0010).</summary>
public sealed class CalendarFeedSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : ICalendarFeedStore
{
    private readonly StoreCalls _calls = new(metrics, "calendar_feed.");

    public Task SetAsync(Guid accountId, string secretHash, DateTimeOffset now, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO calendar_feeds (account_id, secret_hash, created_at) VALUES (@Account, @Hash, @Now)
            ON CONFLICT (account_id) DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at
            """, new { Account = CoachingDb.Id(accountId), Hash = secretHash, Now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    });

    public Task<bool> RevokeAsync(Guid accountId, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM calendar_feeds WHERE account_id = @Account", new { Account = CoachingDb.Id(accountId) }, cancellationToken: ct)) == 1;
    });

    public Task<(Guid AccountId, string SecretHash)?> FindAsync(string secretHash, CancellationToken ct) => _calls.Run<(Guid, string)?>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Account, string Hash)>(new CommandDefinition(
            "SELECT account_id, secret_hash FROM calendar_feeds WHERE secret_hash = @Hash", new { Hash = secretHash }, cancellationToken: ct));
        return rows.FirstOrDefault() is { Account: not null } row ? (Guid.Parse(row.Account), row.Hash) : null;
    });
}
