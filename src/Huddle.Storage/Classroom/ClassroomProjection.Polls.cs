using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Huddle.Core.Application;
using Huddle.Core.Sessions;

namespace Huddle.Storage.Classroom;

/// <summary>The <c>polls</c> and <c>poll_answers</c> tables (migration 0011), projected like the questions.</summary>
public sealed partial class ClassroomProjection
{
    private static async Task ProjectPollAsync(Sql sql, object sid, PollEvent e)
    {
        switch (e)
        {
            case PollCreated c:
                await sql.ExecAsync("""
                    INSERT INTO polls (id, session_id, kind, question, options, correct, allow_change, named, results_live, status, created_at)
                    VALUES (@id, @s, @kind, @question, @options, @correct, @change, @named, @live, 'draft', @at)
                    """, ("id", c.PollId), ("s", sid), ("kind", PollNames.Of(c.Kind)), ("question", c.Question),
                    ("options", JsonSerializer.Serialize(c.Options)), ("correct", c.Correct), ("change", c.AllowChange),
                    ("named", c.Named), ("live", c.ResultsLive), ("at", c.At));
                break;
            case PollLaunched l:
                await sql.ExecAsync("UPDATE polls SET status = 'open', launched_at = @at WHERE id = @id", ("id", l.PollId), ("at", l.At));
                break;
            case PollClosed c:
                await sql.ExecAsync("UPDATE polls SET status = 'closed', closed_at = @at WHERE id = @id", ("id", c.PollId), ("at", c.At));
                break;
            case PollDeleted d:
                await sql.ExecAsync("DELETE FROM polls WHERE id = @id", ("id", d.PollId));
                break;
            case PollLeaderboardShown s:
                await sql.ExecAsync("UPDATE polls SET leaderboard_shown = @shown WHERE id = @id", ("id", s.PollId), ("shown", s.Shown));
                break;
            case PollAnswered a:
                // One row per person: a changed answer replaces the old one.
                await sql.ExecAsync($"""
                    INSERT INTO poll_answers (poll_id, session_id, user_id, choices, text, answered_at)
                    VALUES (@id, @s, {UserOf("@p")}, @choices, @text, @at)
                    ON CONFLICT (poll_id, user_id) DO UPDATE SET choices = excluded.choices, text = excluded.text, answered_at = excluded.answered_at
                    """, ("id", a.PollId), ("s", sid), ("p", a.ParticipantId),
                    ("choices", string.Join(',', a.Choices.Select(c => c.ToString(CultureInfo.InvariantCulture)))), ("text", a.Text), ("at", a.At));
                break;
            default:
                throw new InvalidOperationException($"Unknown poll event {e.GetType().Name}.");
        }
    }

    /// <summary>The polls export: the answerer's name is read only for a named poll.</summary>
    public static async Task<IReadOnlyList<PollAnswerRow>> ExportPollsAsync(DbConnection connection, SqlDialect dialect, Guid sessionId, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT o.id, o.kind, o.question, o.status, o.options, o.correct, o.named,
                   CASE WHEN o.named THEN p.display_name END, a.choices, a.text, a.answered_at
            FROM polls o
            LEFT JOIN poll_answers a ON a.poll_id = o.id
            LEFT JOIN session_participants p ON p.session_id = a.session_id AND p.user_id = a.user_id
            WHERE o.session_id = @s
            ORDER BY o.created_at, o.id, a.answered_at, a.user_id
            """;
        Sql.AddParameter(cmd, "s", dialect == SqlDialect.Sqlite ? sessionId.ToString() : sessionId);
        var rows = new List<PollAnswerRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var choices = reader.IsDBNull(8) ? null : reader.GetString(8);
            rows.Add(new PollAnswerRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(4)) ?? [],
                reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                choices is null ? null : choices.Length == 0 ? [] : choices.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetInt64(10)));
        }

        return rows;
    }
}
