using System.Data.Common;
using System.Globalization;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;

namespace Huddle.Storage.Classroom;

/// <summary>
/// Teachers who own their rooms (migration 0018): a classroom created with an account counts against
/// the account — its own <c>users</c> row (<c>account_id</c>), locked like a name's before counting — and
/// never against a typed name, so no spelling of the teacher's name can use up their places.
/// </summary>
public sealed partial class ClassroomProjection
{
    /// <summary>The "My rooms" query: the account's classrooms, newest first, with their question counts.</summary>
    public static async Task<IReadOnlyList<OwnedClassroomRow>> ListOwnedAsync(
        DbConnection connection, SqlDialect dialect, Guid accountId, int limit, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT s.id, s.code, s.title, s.status, s.created_at, s.ended_at,
                   (SELECT COUNT(*) FROM questions q WHERE q.session_id = s.id)
            FROM sessions s
            WHERE s.owner_account_id = @a AND s.kind = 'classroom'
            ORDER BY s.created_at DESC, s.id
            LIMIT @limit
            """;
        Sql.AddParameter(cmd, "a", dialect == SqlDialect.Sqlite ? accountId.ToString() : accountId);
        Sql.AddParameter(cmd, "limit", limit);
        var rows = new List<OwnedClassroomRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0));
            rows.Add(new OwnedClassroomRow(
                id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private object AccountParameter(Guid accountId) => dialect == SqlDialect.Sqlite ? accountId.ToString() : accountId;

    /// <summary>The account's users row, created on its first room; on PostgreSQL locked so creates for one account serialise.</summary>
    private async Task<string> LockAccountUserAsync(Sql sql, Guid accountId, string name, long at)
    {
        var account = AccountParameter(accountId);
        await sql.ExecAsync("INSERT INTO users (id, display_name, name_key, account_id, created_at) VALUES (@u, @n, NULL, @a, @at) ON CONFLICT DO NOTHING",
            ("u", Secrets.NewId("u_")), ("n", name), ("a", account), ("at", at));
        var lockClause = dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
        return (string)(await sql.ScalarAsync($"SELECT id FROM users WHERE account_id = @a{lockClause}", ("a", account)))!;
    }

    private async Task EnsureUnderAccountCapAsync(Sql sql, object sid, Guid accountId, int limit)
    {
        var active = Convert.ToInt32(await sql.ScalarAsync("""
            SELECT COUNT(*) FROM sessions
            WHERE owner_account_id = @a AND status = 'active' AND kind = 'classroom' AND id <> @s
            """, ("a", AccountParameter(accountId)), ("s", sid)), CultureInfo.InvariantCulture);
        if (active >= limit)
        {
            throw Errors.Conflict(
                ErrorCodes.HostSessionLimit,
                $"Your account already has {active} active Q&A sessions (at most {limit}). End one before starting another.");
        }
    }
}
