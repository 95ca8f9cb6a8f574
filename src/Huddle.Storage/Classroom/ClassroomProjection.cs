using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;

namespace Huddle.Storage.Classroom;

/// <summary>
/// The classroom tables (<c>users</c>, <c>session_participants</c>, <c>questions</c>,
/// <c>question_votes</c>, <c>sessions.host_user_id</c>) as a projection of classroom commits, and
/// the per-host cap of active classrooms, enforced by the database in the create transaction:
/// SQLite's write transaction is exclusive; on PostgreSQL the host's users row is locked
/// (<c>FOR UPDATE</c>) before counting, so two concurrent creates for one host serialise.
/// </summary>
public sealed partial class ClassroomProjection(SqlDialect dialect) : ICommitProjection
{
    // Whether a session is a classroom, learned from first commits this store created or loaded (every
    // node loads a session from its first commit before appending to it). Joins and role changes
    // happen in every kind: knowing the kind spares other kinds' joins the transaction and the
    // look-up. Unknown sessions fall back to reading the kind in the transaction.
    private readonly ConcurrentDictionary<Guid, bool> _isClassroom = new();

    public bool Affects(Guid sessionId, IReadOnlyList<SessionEvent> events)
    {
        var membership = false;
        foreach (var e in events)
        {
            switch (e)
            {
                case ClassroomEvent or SessionCreated:
                    return true;
                case ParticipantJoined or RoleChanged or HostChanged or ParticipantKicked or ParticipantUnbanned:
                    membership = true;
                    break;
                case SessionEnded:
                    _isClassroom.TryRemove(sessionId, out _);
                    break;
            }
        }

        return membership && _isClassroom.GetValueOrDefault(sessionId, true);
    }

    public void Observe(Guid sessionId, IReadOnlyList<Commit>? commits)
    {
        if (commits is [var first, ..] && first.Events.OfType<SessionCreated>().FirstOrDefault() is { } created)
            _isClassroom[sessionId] = created.Kind.HasQuestions();
    }

    public async Task ProjectAsync(DbConnection connection, DbTransaction tx, Guid sessionId, Commit commit, CancellationToken ct)
    {
        var sql = new Sql(connection, tx, dialect, ct);
        var sid = dialect == SqlDialect.Sqlite ? (object)sessionId.ToString() : sessionId;
        var created = commit.Events.OfType<SessionCreated>().FirstOrDefault();
        if (created is not null)
        {
            if (!created.Kind.HasQuestions()) return;
        }
        else if (await sql.ScalarAsync("SELECT kind FROM sessions WHERE id = @s", ("s", sid)) as string != "classroom")
        {
            return;
        }

        var started = commit.Events.OfType<ClassroomStarted>().FirstOrDefault();
        var hostLimit = started?.HostSessionLimit ?? new HuddleLimits().ClassroomSessionsPerHost;
        foreach (var e in commit.Events)
        {
            switch (e)
            {
                case ParticipantJoined j when created is not null && started?.OwnerAccountId is { } owner:
                {
                    // A signed-in teacher's room: their account's user, held to the cap per account (see ClassroomOwners).
                    var ownerUser = await LockAccountUserAsync(sql, owner, j.Name, commit.At);
                    await EnsureUnderAccountCapAsync(sql, sid, owner, hostLimit);
                    await sql.ExecAsync("UPDATE sessions SET host_user_id = @u, owner_account_id = @a WHERE id = @s",
                        ("u", ownerUser), ("a", AccountParameter(owner)), ("s", sid));
                    await InsertParticipantAsync(sql, sid, ownerUser, j);
                    break;
                }

                case ParticipantJoined j when created is not null:
                    // The creator: found or created by display name, and held to the per-host cap.
                    var hostUser = await LockHostUserAsync(sql, j.Name, commit.At);
                    await EnsureUnderCapAsync(sql, sid, hostUser, j.Name, hostLimit);
                    await sql.ExecAsync("UPDATE sessions SET host_user_id = @u WHERE id = @s", ("u", hostUser), ("s", sid));
                    await InsertParticipantAsync(sql, sid, hostUser, j);
                    break;
                case ParticipantJoined j:
                {
                    var user = Secrets.NewId("u_");
                    await sql.ExecAsync("INSERT INTO users (id, display_name, name_key, created_at) VALUES (@u, @n, NULL, @at)",
                        ("u", user), ("n", j.Name), ("at", j.At));
                    await InsertParticipantAsync(sql, sid, user, j);
                    break;
                }

                case HostChanged h:
                    await sql.ExecAsync("UPDATE session_participants SET role = 'member' WHERE session_id = @s AND role = 'host'", ("s", sid));
                    if (h.ParticipantId is not null) await SetRoleAsync(sql, sid, h.ParticipantId, "host");
                    // The cap counts the sessions a person hosts now: a new host's user (by display name) takes the
                    // place; no host at all frees it. Not checked against the cap: a transfer or host migration
                    // must not fail, so a new host can go over it (they just cannot start another until below).
                    // An account-owned room counts for its owner's account whoever holds the role (ClassroomOwners).
                    if (created is null && await sql.ScalarAsync("SELECT owner_account_id FROM sessions WHERE id = @s", ("s", sid)) is null)
                        await SetHostUserAsync(sql, sid, h.ParticipantId, commit.At);
                    break;
                case RoleChanged r:
                    await SetRoleAsync(sql, sid, r.ParticipantId, WireNames.Of(r.Role));
                    break;
                case ParticipantKicked k:
                    await sql.ExecAsync(
                        "UPDATE session_participants SET kicked = TRUE, role = 'member' WHERE session_id = @s AND participant_id = @p",
                        ("s", sid), ("p", k.ParticipantId));
                    await sql.ExecAsync($"""
                        DELETE FROM question_votes
                        WHERE user_id = {UserOf("@p")} AND question_id IN (SELECT id FROM questions WHERE session_id = @s)
                        """, ("s", sid), ("p", k.ParticipantId));
                    break;
                case ParticipantUnbanned u:
                    await sql.ExecAsync(
                        "UPDATE session_participants SET kicked = FALSE WHERE session_id = @s AND participant_id = @p",
                        ("s", sid), ("p", u.ParticipantId));
                    break;
                case QuestionAsked a:
                    await sql.ExecAsync($"""
                        INSERT INTO questions (id, session_id, author_user_id, text, anonymous, status, pinned, asked_at)
                        VALUES (@q, @s, {UserOf("@p")}, @text, @anon, @status, FALSE, @at)
                        """, ("q", a.ItemId), ("s", sid), ("p", a.AuthorId), ("text", a.Text), ("anon", a.Anonymous),
                        ("status", a.NeedsApproval ? "pending" : "open"), ("at", a.At));
                    break;
                case QuestionEdited ed:
                    await sql.ExecAsync("""
                        UPDATE questions SET text = @text, edited_at = @at,
                            status = CASE WHEN @back THEN 'pending' ELSE status END,
                            pinned = CASE WHEN @back THEN FALSE ELSE pinned END
                        WHERE id = @q
                        """, ("q", ed.ItemId), ("text", ed.Text), ("at", ed.At), ("back", ed.BackToApproval));
                    break;
                case QuestionDeleted d:
                    await sql.ExecAsync("DELETE FROM questions WHERE id = @q", ("q", d.ItemId));
                    break;
                case QuestionUpvoted { Value: 1 } u:
                    await sql.ExecAsync($"""
                        INSERT INTO question_votes (question_id, user_id, voted_at)
                        VALUES (@q, {UserOf("@p")}, @at) ON CONFLICT DO NOTHING
                        """, ("q", u.ItemId), ("s", sid), ("p", u.ParticipantId), ("at", commit.At));
                    break;
                case QuestionUpvoted u:
                    await sql.ExecAsync($"DELETE FROM question_votes WHERE question_id = @q AND user_id = {UserOf("@p")}",
                        ("q", u.ItemId), ("s", sid), ("p", u.ParticipantId));
                    break;
                case QuestionApproved ap:
                    await sql.ExecAsync("UPDATE questions SET status = 'open' WHERE id = @q", ("q", ap.ItemId));
                    break;
                case QuestionAnswered an:
                    await sql.ExecAsync("UPDATE questions SET status = 'answered', answered_at = @at, pinned = FALSE WHERE id = @q",
                        ("q", an.ItemId), ("at", an.At));
                    break;
                case QuestionPinned p:
                    await sql.ExecAsync("UPDATE questions SET pinned = COALESCE(id = @q, FALSE) WHERE session_id = @s AND (pinned OR id = @q)",
                        ("q", (object?)p.ItemId ?? DBNull.Value), ("s", sid));
                    break;
                case QuestionHidden h:
                    await sql.ExecAsync("UPDATE questions SET status = 'hidden', pinned = FALSE WHERE id = @q", ("q", h.ItemId));
                    break;
                case QuestionRemoved r:
                    await sql.ExecAsync("UPDATE questions SET removed_at = @at, pinned = FALSE WHERE id = @q", ("q", r.ItemId), ("at", r.At));
                    break;
                case QuestionRestored r:
                    await sql.ExecAsync("UPDATE questions SET removed_at = NULL WHERE id = @q", ("q", r.ItemId));
                    break;
                case PollEvent p:
                    await ProjectPollAsync(sql, sid, p);
                    break;
            }
        }
    }

    /// <summary>The export query: authors of anonymous questions are never read.</summary>
    public static async Task<IReadOnlyList<QuestionRow>> ExportAsync(DbConnection connection, SqlDialect dialect, Guid sessionId, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT q.id, q.text, CASE WHEN q.removed_at IS NULL THEN q.status ELSE 'removed' END, q.pinned, q.anonymous,
                   CASE WHEN q.anonymous THEN NULL ELSE p.display_name END,
                   (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id),
                   q.asked_at, q.edited_at, q.answered_at
            FROM questions q
            JOIN session_participants p ON p.session_id = q.session_id AND p.user_id = q.author_user_id
            WHERE q.session_id = @s
            ORDER BY q.asked_at, q.id
            """;
        Sql.AddParameter(cmd, "s", dialect == SqlDialect.Sqlite ? sessionId.ToString() : sessionId);
        var rows = new List<QuestionRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new QuestionRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetInt64(9)));
        }

        return rows;
    }

    /// <summary>Participants' users go with their sessions; hosts' users (found by name) stay.</summary>
    public const string PurgeOrphanUsersSql = """
        DELETE FROM users WHERE name_key IS NULL AND account_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM session_participants p WHERE p.user_id = users.id)
            AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.host_user_id = users.id)
        """;

    /// <summary>
    /// How a host's display name finds their user, so that names a person reads as the same are one host:
    /// Unicode format characters (zero-width space/joiners, bidi marks, BOM) dropped, runs of white space
    /// collapsed to one space, trimmed, lower-cased (invariant). No NFKC: the server runs in invariant
    /// globalization mode, where <c>string.Normalize</c> leaves non-ASCII text unchanged, and turning it
    /// on later would change existing keys.
    /// </summary>
    public static string NameKey(string displayName)
    {
        var key = new StringBuilder(displayName.Length);
        var space = false;
        foreach (var c in displayName)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) continue;
            if (char.IsWhiteSpace(c))
            {
                space = key.Length > 0;
                continue;
            }

            if (space) key.Append(' ');
            space = false;
            key.Append(char.ToLowerInvariant(c));
        }

        return key.ToString();
    }

    private static string UserOf(string participantParameter) =>
        $"(SELECT user_id FROM session_participants WHERE session_id = @s AND participant_id = {participantParameter})";

    private async Task<string> LockHostUserAsync(Sql sql, string name, long at)
    {
        var key = NameKey(name);
        await sql.ExecAsync("INSERT INTO users (id, display_name, name_key, created_at) VALUES (@u, @n, @k, @at) ON CONFLICT DO NOTHING",
            ("u", Secrets.NewId("u_")), ("n", name), ("k", key), ("at", at));
        var lockClause = dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
        return (string)(await sql.ScalarAsync($"SELECT id FROM users WHERE name_key = @k{lockClause}", ("k", key)))!;
    }

    private async Task SetHostUserAsync(Sql sql, object sid, string? participantId, long at)
    {
        var name = participantId is null ? null : await sql.ScalarAsync(
            "SELECT display_name FROM session_participants WHERE session_id = @s AND participant_id = @p", ("s", sid), ("p", participantId)) as string;
        var user = name is null ? null : await LockHostUserAsync(sql, name, at);
        await sql.ExecAsync("UPDATE sessions SET host_user_id = @u WHERE id = @s", ("u", user), ("s", sid));
    }

    private static async Task EnsureUnderCapAsync(Sql sql, object sid, string hostUser, string name, int limit)
    {
        var active = Convert.ToInt32(await sql.ScalarAsync("""
            SELECT COUNT(*) FROM sessions
            WHERE host_user_id = @u AND status = 'active' AND kind = 'classroom' AND id <> @s AND owner_account_id IS NULL
            """, ("u", hostUser), ("s", sid)), CultureInfo.InvariantCulture);
        if (active >= limit)
        {
            throw Errors.Conflict(
                ErrorCodes.HostSessionLimit,
                $"{name} already hosts {active} active Q&A sessions (at most {limit}). End one before starting another.");
        }
    }

    private static Task InsertParticipantAsync(Sql sql, object sid, string user, ParticipantJoined j) =>
        sql.ExecAsync("""
            INSERT INTO session_participants (session_id, user_id, participant_id, display_name, role, joined_at)
            VALUES (@s, @u, @p, @n, 'member', @at)
            """, ("s", sid), ("u", user), ("p", j.ParticipantId), ("n", j.Name), ("at", j.At));

    private static Task SetRoleAsync(Sql sql, object sid, string participantId, string role) =>
        sql.ExecAsync("UPDATE session_participants SET role = @r WHERE session_id = @s AND participant_id = @p",
            ("r", role), ("s", sid), ("p", participantId));

    /// <summary>A connection, its transaction and small helpers, for one projection.</summary>
    private sealed class Sql(DbConnection connection, DbTransaction tx, SqlDialect dialect, CancellationToken ct)
    {
        public async Task ExecAsync(string text, params (string Name, object? Value)[] args)
        {
            await using var cmd = Command(text, args);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        public async Task<object?> ScalarAsync(string text, params (string Name, object? Value)[] args)
        {
            await using var cmd = Command(text, args);
            var value = await cmd.ExecuteScalarAsync(ct);
            return value is DBNull ? null : value;
        }

        public static void AddParameter(DbCommand cmd, string name, object? value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        private DbCommand Command(string text, (string Name, object? Value)[] args)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = tx;

            // PostgreSQL infers an untyped parameter's type from its use; "CASE WHEN @back" needs a boolean.
            cmd.CommandText = dialect == SqlDialect.Postgres ? text.Replace("WHEN @back", "WHEN @back::boolean", StringComparison.Ordinal) : text;
            foreach (var (name, value) in args) AddParameter(cmd, name, value);
            return cmd;
        }
    }
}
