using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>
/// Everything a call could change, read straight from the SQLite file: sessions (status, version,
/// commits), accounts and their roles, coach profiles (availability, bio), bookings (status,
/// version), audit, idempotency keys, questions and webhooks. Failed logins are not stored (they are counted in
/// memory, per client address), so a rejected login must change nothing here either.
/// </summary>
public sealed class StoredState(string file) : IAsyncDisposable
{
    private const string Query = """
        SELECT
          (SELECT count(*) || ';' || ifnull(group_concat(v, ','), '') FROM (SELECT id || ':' || status || ':' || version || ':' || title AS v FROM sessions ORDER BY id)),
          (SELECT count(*) FROM session_commits),
          (SELECT count(*) || ';' || ifnull(group_concat(v, ','), '') FROM (SELECT id || ':' || email || ':' || name || ':' || password_hash || ':' || security_stamp AS v FROM accounts ORDER BY id)),
          (SELECT ifnull(group_concat(v, ','), '') FROM (SELECT account_id || ':' || role AS v FROM account_roles ORDER BY account_id, role)),
          (SELECT ifnull(group_concat(v, ','), '') FROM (SELECT account_id || ':' || time_zone || ':' || availability || ':' || ifnull(bio, '') AS v FROM coach_profiles ORDER BY account_id)),
          (SELECT ifnull(group_concat(v, ','), '') FROM (SELECT id || ':' || status || ':' || version || ':' || ifnull(notes, '') || ':' || ifnull(rating, '') AS v FROM coaching_sessions ORDER BY id)),
          (SELECT count(*) FROM coaching_audit),
          (SELECT count(*) FROM coaching_idempotency),
          (SELECT count(*) || ';' || ifnull(group_concat(v, ','), '') FROM (SELECT id || ':' || status || ':' || pinned || ':' || text AS v FROM questions ORDER BY id)),
          (SELECT count(*) FROM question_votes),
          (SELECT count(*) || ';' || ifnull(group_concat(v, ','), '') FROM (SELECT id || ':' || ifnull(owner_id, '') || ':' || url || ':' || events AS v FROM webhooks ORDER BY id))
        """;

    private readonly SqliteConnection _db = new($"Data Source={file};Mode=ReadOnly;Pooling=False");

    public async Task<string> ReadAsync()
    {
        if (_db.State != System.Data.ConnectionState.Open) await _db.OpenAsync();
        await using var command = _db.CreateCommand();
        command.CommandText = Query;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString()));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}

/// <summary>RFC 4180, strictly: fields quoted or not, quotes doubled inside quoted ones, CRLF after every record.</summary>
public static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var records = new List<List<string>>();
        var i = 0;
        while (i < text.Length)
        {
            var record = new List<string>();
            while (true)
            {
                var field = new StringBuilder();
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        Assert.True(i < text.Length, "CSV: a quoted field is not closed");
                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        field.Append(text[i++]);
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        Assert.True(text[i] != '"', $"CSV: a quote inside an unquoted field at {i}");
                        field.Append(text[i++]);
                    }
                }

                record.Add(field.ToString());
                Assert.True(i < text.Length, "CSV: the last record does not end with CRLF");
                if (text[i] == ',')
                {
                    i++;
                    continue;
                }

                Assert.True(text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n', $"CSV: a record must end with CRLF (at {i})");
                i += 2;
                break;
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>Well-formed, every record <paramref name="columns"/> wide, and each asked text there intact (formulas defused with a leading apostrophe).</summary>
    public static void AssertWellFormed(string text, int columns, IReadOnlyList<string> asked)
    {
        var records = Parse(text);
        Assert.Equal("question_id", records[0][0]);
        Assert.All(records, r => Assert.Equal(columns, r.Count));
        var texts = records.Skip(1).Select(r => r[1]).ToList();
        foreach (var question in asked)
            Assert.Contains(question[0] is '=' or '+' or '-' or '@' ? "'" + question : question, texts);
    }
}

/// <summary>HS256 JSON Web Tokens signed with any key, to present ones the server must not believe.</summary>
public static class Jwt
{
    public static string Sign(object claims, string key)
    {
        static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unsigned = Part(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" })) + "." + Part(JsonSerializer.SerializeToUtf8Bytes(claims));
        return unsigned + "." + Part(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(unsigned)));
    }
}
