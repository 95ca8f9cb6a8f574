using System.Data.Common;
using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Accounts, their roles and coach profiles in SQL shared by both providers (ids are GUID text, times
/// Unix ms); <see cref="CoachingDb"/> holds what differs between them.
/// </summary>
public sealed class AccountSqlStore(CoachingDb db, IStoreMetrics? metrics = null, TimeProvider? time = null) : IAccountStore
{
    private readonly StoreCalls _calls = new(metrics, "accounts.");
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<bool> CreateAsync(Account account, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        try
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO accounts (id, email, name, password_hash, security_stamp, created_at)
                VALUES (@Id, @Email, @Name, @Hash, @Stamp, @At)
                """, new { Id = CoachingDb.Id(account.Id), account.Email, account.Name, Hash = account.PasswordHash, Stamp = account.SecurityStamp, At = account.CreatedAt.ToUnixTimeMilliseconds() },
                tx, cancellationToken: ct));
        }
        catch (Exception e) when (db.IsUniqueViolation(e))
        {
            return false;
        }

        foreach (var role in account.Roles)
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO account_roles (account_id, role) VALUES (@Id, @Role)",
                new { Id = CoachingDb.Id(account.Id), Role = role }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    });

    public Task<Account?> FindByEmailAsync(string normalizedEmail, CancellationToken ct) => _calls.Run(() => FindAccountAsync("email = @Key", normalizedEmail, ct));

    public Task<Account?> FindAsync(Guid id, CancellationToken ct) => _calls.Run(() => FindAccountAsync("id = @Key", CoachingDb.Id(id), ct));

    public Task UpdatePasswordHashAsync(Guid id, string passwordHash, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET password_hash = @Hash WHERE id = @Id", new { Id = CoachingDb.Id(id), Hash = passwordHash }, cancellationToken: ct));
    });

    public Task<bool> ReplaceSecurityStampAsync(Guid id, string expectedStamp, string newStamp, string? newPasswordHash, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        // Compare-and-set on the stamp: of two racing changes only one wins, so the winner's new token is the valid one.
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE accounts SET security_stamp = @New, password_hash = COALESCE(@Hash, password_hash)
            WHERE id = @Id AND security_stamp = @Expected
            """, new { Id = CoachingDb.Id(id), Expected = expectedStamp, New = newStamp, Hash = newPasswordHash }, cancellationToken: ct)) == 1;
    });

    public Task<bool> AddRoleAsync(Guid id, string role, CancellationToken ct) =>
        _calls.Run(() => ChangeRoleAsync(id, role, "INSERT INTO account_roles (account_id, role) VALUES (@Id, @Role) ON CONFLICT DO NOTHING", ct));

    public Task<bool> RemoveRoleAsync(Guid id, string role, CancellationToken ct) =>
        _calls.Run(() => ChangeRoleAsync(id, role, "DELETE FROM account_roles WHERE account_id = @Id AND role = @Role", ct));

    private async Task<bool> ChangeRoleAsync(Guid id, string role, string sql, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var exists = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM accounts WHERE id = @Id", new { Id = CoachingDb.Id(id) }, cancellationToken: ct));
        if (exists == 0) return false;
        await c.ExecuteAsync(new CommandDefinition(sql, new { Id = CoachingDb.Id(id), Role = role }, cancellationToken: ct));
        return true;
    }

    public Task<IReadOnlyList<CoachProfile>> ListCoachesAsync(CancellationToken ct) => _calls.Run<IReadOnlyList<CoachProfile>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CoachRow>(new CommandDefinition(CoachQuery + " ORDER BY a.name, a.id", cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<CoachProfile?> FindCoachAsync(Guid id, CancellationToken ct) => _calls.Run<CoachProfile?>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CoachRow>(new CommandDefinition(CoachQuery + " WHERE a.id = @Id", new { Id = CoachingDb.Id(id) }, cancellationToken: ct));
        return row?.ToDomain();
    });

    public Task SaveCoachProfileAsync(Guid id, CoachAvailability availability, string? bio, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coach_profiles (account_id, time_zone, availability, bio, updated_at) VALUES (@Id, @Zone, @Json, @Bio, @At)
            ON CONFLICT (account_id) DO UPDATE SET time_zone = excluded.time_zone, availability = excluded.availability,
                bio = excluded.bio, updated_at = excluded.updated_at
            """, new
        {
            Id = CoachingDb.Id(id), Zone = availability.TimeZone.Id, Json = AvailabilityDocument.Of(availability).Serialize(), Bio = bio,
            // updated_at is an operator's record that nothing reads back.
            At = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: ct));
    });

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
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountColumns} FROM accounts WHERE {where}", new { Key = key }, cancellationToken: ct));
        if (row is null) return null;
        var roles = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT role FROM account_roles WHERE account_id = @Id ORDER BY role", new { row.Id }, cancellationToken: ct));
        return row.ToDomain([.. roles]);
    }

    public Task<IReadOnlyList<Account>> SearchAccountsAsync(string text, int limit, CancellationToken ct) => _calls.Run<IReadOnlyList<Account>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
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
    });

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

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
}
