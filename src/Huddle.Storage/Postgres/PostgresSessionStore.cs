using System.Text;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Storage.Classroom;
using Npgsql;
using NpgsqlTypes;

namespace Huddle.Storage.Postgres;

/// <summary>
/// The shared store for several nodes. Every node commits through the version compare-and-set on
/// the session's header row, so PostgreSQL orders concurrent mutations of one session; each commit
/// sends a notice on <see cref="Channel"/> in the same statement, so the notice goes out exactly
/// when the commit is durable. The notice carries the commit itself when it fits, so other nodes
/// need not read it back. Presence, the classroom export and migrations have their own classes
/// (<see cref="PostgresPresenceStore"/>, <see cref="PostgresClassroomStore"/>, <see cref="PostgresMigrator"/>).
/// </summary>
public sealed class PostgresSessionStore : ISessionStore
{
    private readonly NpgsqlDataSource _db;
    private readonly string _nodeId;
    private readonly GroupCommit _groupCommit;

    private readonly StoreCalls _calls;

    /// <summary>Set when another bus (Redis) carries the notices: then the commit sends no NOTIFY.</summary>
    private readonly Action<Guid, string>? _publish;

    /// <param name="publish">Another bus for the notices (<c>Bus:Provider=Redis</c>): told of each commit once it is durable.</param>
    public PostgresSessionStore(NpgsqlDataSource db, string nodeId, IStoreMetrics? metrics = null, Action<Guid, string>? publish = null)
    {
        _db = db;
        _nodeId = nodeId;
        _publish = publish;
        _calls = new StoreCalls(metrics, "");
        _groupCommit = new GroupCommit(WriteBatchAsync);
    }

    /// <summary>Tables kept beside the log, written in the commit's transaction.</summary>
    private readonly ClassroomProjection _projection = new(SqlDialect.Postgres);

    /// <summary>
    /// The LISTEN/NOTIFY channel: payload "{node} {session id} {version} {at} {events json}", or
    /// "{node} {session id} {version}" when the commit is too big for a notice (see <see cref="MaxNoticeBytes"/>).
    /// </summary>
    public const string Channel = "huddle_commits";

    /// <summary>PostgreSQL refuses a payload of 8,000 bytes or more; the margin covers other server encodings' rounding.</summary>
    public const int MaxNoticeBytes = 7_900;

    private const string UniqueViolation = "23505";

    public Task CreateAsync(Guid id, string code, SessionKind kind, string title, Commit first, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await PostgresSql.ExecAsync(connection, """
                INSERT INTO sessions (id, code, kind, title, status, version, created_at, last_activity_at)
                VALUES (@id, @code, @kind, @title, 'active', @version, @at, @at)
                """, ct, tx, ("id", id), ("code", code), ("kind", WireNames.Of(kind)), ("title", title),
                ("version", first.Version), ("at", first.At));
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            throw new DuplicateCodeException();
        }

        await PostgresSql.ExecAsync(connection, "INSERT INTO session_commits (session_id, version, at, events) VALUES (@id, @version, @at, @events)", ct, tx,
            ("id", id), ("version", first.Version), ("at", first.At), ("events", SessionEventJson.Serialize(first.Events)));
        if (_projection.Affects(id, first.Events)) await _projection.ProjectAsync(connection, tx, id, first, ct);
        await tx.CommitAsync(ct);
        _projection.Observe(id, [first]);
    });

    /// <summary>
    /// Group commit, as on SQLite: appends that arrive while a batch is in flight go together in the
    /// next one, a single round trip and transaction (one WAL flush) whose statements each keep their
    /// own compare-and-set, so a conflict fails only that append. Returns once its batch is durable.
    /// </summary>
    public Task AppendAsync(Guid id, Commit commit, CancellationToken ct) => _calls.Run(() => _groupCommit.AppendAsync(id, commit));

    private async Task WriteBatchAsync(IReadOnlyList<PendingAppend> pending)
    {
        // Header rows are locked in session id order in every node's batches, so two nodes' batches
        // wait for each other instead of deadlocking. The service sends one append per session at a time.
        var batch = pending.OrderBy(p => p.Id).ToArray();

        // Commits a projection cares about (classroom questions, joins, roles) need an explicit
        // transaction so the tables change with the log; without one, the batch is one implicit transaction.
        var project = batch.Select(p => _projection.Affects(p.Id, p.Commit.Events)).ToArray();
        await using var connection = await _db.OpenConnectionAsync();
        await using var tx = project.Any(p => p) ? await connection.BeginTransactionAsync() : null;
        await using var command = new NpgsqlBatch(connection, tx);
        var events = batch.Select(p => SessionEventJson.Serialize(p.Commit.Events)).ToArray();
        for (var i = 0; i < batch.Length; i++) command.BatchCommands.Add(AppendCommand(batch[i].Id, batch[i].Commit, events[i]));

        var missed = new List<Commit>?[batch.Length];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            for (var i = 0; i < batch.Length; i++)
            {
                if (i > 0) await reader.NextResultAsync();
                var committed = false;
                var rows = new List<Commit>();
                while (await reader.ReadAsync())
                {
                    if (reader.IsDBNull(2)) committed = true;
                    else rows.Add(CommitRows.Read(reader));
                }

                missed[i] = committed ? null : rows;
            }
        }

        if (tx is not null)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                if (project[i] && missed[i] is null) await _projection.ProjectAsync(connection, tx, batch[i].Id, batch[i].Commit, CancellationToken.None);
            }

            await tx.CommitAsync();
        }

        for (var i = 0; i < batch.Length; i++)
        {
            if (missed[i] is { } rows)
            {
                batch[i].Done.TrySetException(new VersionConflictException(rows));
                continue;
            }

            // Durable now: the notice goes out before the committing node tells its own clients.
            _publish?.Invoke(batch[i].Id, Notice(batch[i].Id, batch[i].Commit, events[i]));
            batch[i].Done.TrySetResult();
        }
    }

    /// <summary>
    /// One statement: compare-and-set the header, insert the commit, queue the notice (sent when the
    /// transaction commits). If the header step finds another version, the same statement returns the
    /// commits this writer missed (from its snapshot; any still missing are read later), so the loser
    /// of a race decides again without another round trip.
    /// </summary>
    private NpgsqlBatchCommand AppendCommand(Guid id, Commit commit, string events)
    {
        var ended = commit.Events.OfType<SessionEnded>().FirstOrDefault();
        var cmd = new NpgsqlBatchCommand("""
            WITH header AS (
                UPDATE sessions
                SET version = @version, last_activity_at = @at,
                    status = CASE WHEN @ended::bigint IS NULL THEN status ELSE 'ended' END,
                    ended_at = COALESCE(@ended::bigint, ended_at)
                WHERE id = @id AND version = @version - 1
                RETURNING id
            ), logged AS (
                INSERT INTO session_commits (session_id, version, at, events)
                SELECT id, @version, @at, @events FROM header
                RETURNING session_id
            ), notified AS (
                SELECT CASE WHEN @notify THEN pg_notify(@channel, @notice) END AS n FROM logged
            )
            SELECT 0::bigint AS version, 0::bigint AS at, NULL::text AS events FROM notified
            UNION ALL
            SELECT c.version, c.at, c.events FROM session_commits c
            WHERE c.session_id = @id AND c.version >= @version AND NOT EXISTS (SELECT 1 FROM logged)
            ORDER BY 1
            """);
        var parameters = cmd.Parameters;
        parameters.AddWithValue("id", id);
        parameters.AddWithValue("version", commit.Version);
        parameters.AddWithValue("at", commit.At);
        parameters.AddWithValue("events", events);
        parameters.AddWithValue("channel", Channel);
        parameters.AddWithValue("notify", _publish is null);
        parameters.AddWithValue("notice", _publish is null ? Notice(id, commit, events) : "");
        parameters.Add(new NpgsqlParameter("ended", NpgsqlDbType.Bigint) { Value = (object?)ended?.At ?? DBNull.Value });
        return cmd;
    }

    private string Notice(Guid id, Commit commit, string events)
    {
        var full = $"{_nodeId} {id} {commit.Version} {commit.At} {events}";
        return Encoding.UTF8.GetByteCount(full) <= MaxNoticeBytes ? full : $"{_nodeId} {id} {commit.Version}";
    }

    public Task<IReadOnlyList<Commit>?> LoadAsync(Guid id, long afterVersion, CancellationToken ct) => _calls.Run<IReadOnlyList<Commit>?>(async () =>
    {
        await using var cmd = _db.CreateCommand("""
            SELECT c.version, c.at, c.events FROM sessions s
            LEFT JOIN session_commits c ON c.session_id = s.id AND c.version > @after
            WHERE s.id = @id ORDER BY c.version
            """);
        PostgresSql.Add(cmd, ("id", id), ("after", afterVersion));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var commits = await CommitRows.ReadSessionAsync(reader, ct);
        if (afterVersion == 0) _projection.Observe(id, commits);
        return commits;
    });

    public Task<Guid?> FindByCodeAsync(string code, long endedAfter, CancellationToken ct) => _calls.Run<Guid?>(async () =>
    {
        await using var cmd = _db.CreateCommand("""
            SELECT id FROM sessions
            WHERE code = @code AND (status = 'active' OR ended_at > @endedAfter)
            ORDER BY status = 'active' DESC, ended_at DESC LIMIT 1
            """);
        PostgresSql.Add(cmd, ("code", code), ("endedAfter", endedAfter));
        return await cmd.ExecuteScalarAsync(ct) is Guid id ? id : null;
    });

    public Task<IReadOnlyList<Guid>> FindInactiveAsync(long before, CancellationToken ct) => _calls.Run<IReadOnlyList<Guid>>(async () =>
    {
        await using var cmd = _db.CreateCommand("SELECT id FROM sessions WHERE status = 'active' AND last_activity_at < @before");
        PostgresSql.Add(cmd, ("before", before));
        return await PostgresSql.ReadIdsAsync(cmd, ct);
    });

    public Task<int> PurgeEndedAsync(long endedBefore, CancellationToken ct) => _calls.Run<int>(async () =>
    {
        // Commits, connections and classroom rows go with their session (ON DELETE CASCADE).
        await using var cmd = _db.CreateCommand("DELETE FROM sessions WHERE status = 'ended' AND ended_at < @before");
        PostgresSql.Add(cmd, ("before", endedBefore));
        var purged = await cmd.ExecuteNonQueryAsync(ct);
        if (purged > 0)
        {
            await using var users = _db.CreateCommand(ClassroomProjection.PurgeOrphanUsersSql);
            await users.ExecuteNonQueryAsync(ct);
        }

        return purged;
    });

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = _db.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }
}
