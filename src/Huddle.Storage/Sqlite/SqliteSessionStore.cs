using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Storage.Classroom;
using Huddle.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace Huddle.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit that
/// returned survives kill -9 and power loss. SQLite has one writer at a time; writes go through
/// one connection behind a gate, reads use their own pooled connections.
/// </summary>
public sealed class SqliteSessionStore : ISessionStore, IClassroomStore, IMigrator, IDisposable
{
    private const int SqliteConstraint = 19;

    /// <summary>Tables kept beside the log, written in the commit's transaction.</summary>
    private readonly ClassroomProjection _projection = new(SqlDialect.Sqlite);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly GroupCommit _groupCommit;
    private SqliteConnection? _writer;

    private readonly TimeProvider _time;
    private readonly StoreCalls _calls;
    private readonly StoreCalls _classroomCalls;

    public SqliteSessionStore(string connectionString, IStoreMetrics? metrics = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _calls = new StoreCalls(metrics, "");
        _classroomCalls = new StoreCalls(metrics, "classroom.");
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.DataSource != ":memory:") Directory.CreateDirectory(directory);
        _connectionString = builder.ToString();
        _groupCommit = new GroupCommit(WriteBatchAsync);
    }

    /// <summary>Applies pending migrations, each in its own transaction, recorded in schema_migrations.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecAsync(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at TEXT    NOT NULL
            );
            """, ct);
        var applied = new HashSet<long>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt64(0));
        }

        foreach (var migration in SqlMigrations.For("Sqlite").Where(m => !applied.Contains(m.Version)))
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await ExecAsync(connection, migration.Sql, ct, tx);
            // applied_at is an operator's record of when the file was migrated, read by nothing in the engine.
            await ExecAsync(connection, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $at)", ct, tx,
                ("$v", migration.Version), ("$n", migration.Name), ("$at", _time.GetUtcNow().ToString("O")));
            await tx.CommitAsync(ct);
        }
    }

    public Task CreateAsync(Guid id, string code, SessionKind kind, string title, Commit first, CancellationToken ct) => _calls.Run(async () =>
    {
        await WriteAsync(async (connection, tx) =>
        {
            try
            {
                await ExecAsync(connection, """
                    INSERT INTO sessions (id, code, kind, title, status, version, created_at, last_activity_at)
                    VALUES ($id, $code, $kind, $title, 'active', $version, $at, $at)
                    """, ct, tx, ("$id", id.ToString()), ("$code", code), ("$kind", WireNames.Of(kind)), ("$title", title),
                    ("$version", first.Version), ("$at", first.At));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw new DuplicateCodeException();
            }

            await InsertCommitAsync(connection, tx, id, first, ct);
            if (_projection.Affects(id, first.Events)) await _projection.ProjectAsync(connection, tx, id, first, ct);
        }, ct);
        _projection.Observe(id, [first]);
    });

    /// <summary>
    /// Group commit: appends that arrive while a transaction is being written go together in the
    /// next transaction with one fsync. Each keeps its own compare-and-set, so one conflict fails
    /// only that append. Returns once the transaction holding it is durable.
    /// </summary>
    public Task AppendAsync(Guid id, Commit commit, CancellationToken ct) => _calls.Run(() => _groupCommit.AppendAsync(id, commit));

    private async Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch)
    {
        var committed = new bool[batch.Count];
        await WriteAsync(async (connection, tx) =>
        {
            for (var i = 0; i < batch.Count; i++) committed[i] = await TryAppendAsync(connection, tx, batch[i].Id, batch[i].Commit);
        }, CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            if (committed[i]) batch[i].Done.TrySetResult();
            else batch[i].Done.TrySetException(new VersionConflictException());
        }
    }

    private async Task<bool> TryAppendAsync(SqliteConnection connection, SqliteTransaction tx, Guid id, Commit commit)
    {
        var ended = commit.Events.OfType<SessionEnded>().FirstOrDefault();

        // Compare-and-set on the header's version: a commit only follows the one it was decided on.
        var updated = await ExecAsync(connection, """
            UPDATE sessions
            SET version = $version, last_activity_at = $at,
                status = CASE WHEN $ended IS NULL THEN status ELSE 'ended' END,
                ended_at = COALESCE($ended, ended_at)
            WHERE id = $id AND version = $version - 1
            """, CancellationToken.None, tx, ("$id", id.ToString()), ("$version", commit.Version), ("$at", commit.At), ("$ended", ended?.At));
        if (updated == 0) return false;
        await InsertCommitAsync(connection, tx, id, commit, CancellationToken.None);
        if (_projection.Affects(id, commit.Events)) await _projection.ProjectAsync(connection, tx, id, commit, CancellationToken.None);
        return true;
    }

    public Task<IReadOnlyList<Commit>?> LoadAsync(Guid id, long afterVersion, CancellationToken ct) => _calls.Run<IReadOnlyList<Commit>?>(async () =>
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT c.version, c.at, c.events FROM sessions s
            LEFT JOIN session_commits c ON c.session_id = s.id AND c.version > $after
            WHERE s.id = $id ORDER BY c.version
            """;
        cmd.Parameters.AddWithValue("$id", id.ToString());
        cmd.Parameters.AddWithValue("$after", afterVersion);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var commits = await CommitRows.ReadSessionAsync(reader, ct);
        if (afterVersion == 0) _projection.Observe(id, commits);
        return commits;
    });

    public Task<Guid?> FindByCodeAsync(string code, long endedAfter, CancellationToken ct) => _calls.Run<Guid?>(async () =>
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT id FROM sessions
            WHERE code = $code AND (status = 'active' OR ended_at > $endedAfter)
            ORDER BY status = 'active' DESC, ended_at DESC LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$code", code);
        cmd.Parameters.AddWithValue("$endedAfter", endedAfter);
        return await cmd.ExecuteScalarAsync(ct) is string id ? Guid.Parse(id) : null;
    });

    public Task<IReadOnlyList<Guid>> FindInactiveAsync(long before, CancellationToken ct) => _calls.Run<IReadOnlyList<Guid>>(async () =>
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id FROM sessions WHERE status = 'active' AND last_activity_at < $before";
        cmd.Parameters.AddWithValue("$before", before);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(Guid.Parse(reader.GetString(0)));
        return ids;
    });

    public Task<int> PurgeEndedAsync(long endedBefore, CancellationToken ct) => _calls.Run<int>(async () =>
    {
        var purged = 0;
        await WriteAsync(async (connection, tx) =>
        {
            await ExecAsync(connection, """
                DELETE FROM session_commits WHERE session_id IN
                    (SELECT id FROM sessions WHERE status = 'ended' AND ended_at < $before)
                """, ct, tx, ("$before", endedBefore));
            purged = await ExecAsync(connection, "DELETE FROM sessions WHERE status = 'ended' AND ended_at < $before", ct, tx,
                ("$before", endedBefore));
            if (purged > 0) await ExecAsync(connection, ClassroomProjection.PurgeOrphanUsersSql, ct, tx);
        }, ct);
        return purged;
    });

    public Task<IReadOnlyList<QuestionRow>> ExportQuestionsAsync(Guid sessionId, CancellationToken ct) => _classroomCalls.Run<IReadOnlyList<QuestionRow>>(async () =>
    {
        await using var connection = await OpenAsync(ct);
        return await ClassroomProjection.ExportAsync(connection, SqlDialect.Sqlite, sessionId, ct);
    });

    public Task<IReadOnlyList<PollAnswerRow>> ExportPollsAsync(Guid sessionId, CancellationToken ct) => _classroomCalls.Run<IReadOnlyList<PollAnswerRow>>(async () =>
    {
        await using var connection = await OpenAsync(ct);
        return await ClassroomProjection.ExportPollsAsync(connection, SqlDialect.Sqlite, sessionId, ct);
    });

    public Task<IReadOnlyList<OwnedClassroomRow>> ListOwnedAsync(Guid accountId, int limit, CancellationToken ct) => _classroomCalls.Run<IReadOnlyList<OwnedClassroomRow>>(async () =>
    {
        await using var connection = await OpenAsync(ct);
        return await ClassroomProjection.ListOwnedAsync(connection, SqlDialect.Sqlite, accountId, limit, ct);
    });

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await ExecAsync(connection, "SELECT 1", ct);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writeGate.Dispose();
    }

    private static async Task InsertCommitAsync(SqliteConnection connection, SqliteTransaction tx, Guid id, Commit commit, CancellationToken ct) =>
        await ExecAsync(connection, "INSERT INTO session_commits (session_id, version, at, events) VALUES ($id, $version, $at, $events)", ct, tx,
            ("$id", id.ToString()), ("$version", commit.Version), ("$at", commit.At), ("$events", SessionEventJson.Serialize(commit.Events)));

    private async Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            _writer ??= await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await _writer.BeginTransactionAsync(ct);
            await work(_writer, tx);
            await tx.CommitAsync(ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await ExecAsync(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;", ct);
        return connection;
    }

    private static async Task<int> ExecAsync(
        SqliteConnection connection, string sql, CancellationToken ct, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
