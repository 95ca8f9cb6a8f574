using Huddle.Core.Application;
using Npgsql;
using NpgsqlTypes;

namespace Huddle.Storage.Postgres;

/// <summary>
/// Presence shared by every node: connections are rows, each node beats in <c>nodes</c>, so a dead
/// node's connections are found and removed by the others.
/// </summary>
public sealed class PostgresPresenceStore(NpgsqlDataSource db, IStoreMetrics? metrics = null) : IPresenceStore
{
    // Node liveness uses the database's clock, so nodes with drifting clocks still agree.
    private const string DbNowMs = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    private readonly StoreCalls _calls = new(metrics, "presence.");

    public Task<bool> BeatAsync(string node, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        // xmax is 0 on a freshly inserted row: the node was not known.
        await using var cmd = db.CreateCommand($"""
            INSERT INTO nodes (id, beat_at) VALUES (@id, {DbNowMs})
            ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at
            RETURNING xmax <> 0
            """);
        PostgresSql.Add(cmd, ("id", node));
        return await cmd.ExecuteScalarAsync(ct) is true;
    });

    public Task ConnectAsync(string node, string connectionId, Guid sessionId, string participantId, long now, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO connections (id, node_id, session_id, participant_id, connected_at)
            VALUES (@id, @node, @session, @participant, @now)
            ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, participant_id = excluded.participant_id
            """);
        PostgresSql.Add(cmd, ("id", connectionId), ("node", node), ("session", sessionId), ("participant", participantId), ("now", now));
        await cmd.ExecuteNonQueryAsync(ct);
    });

    public Task DisconnectAsync(string connectionId, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var cmd = db.CreateCommand("DELETE FROM connections WHERE id = @id");
        PostgresSql.Add(cmd, ("id", connectionId));
        await cmd.ExecuteNonQueryAsync(ct);
    });

    public Task<IReadOnlySet<string>> ConnectedAsync(Guid sessionId, CancellationToken ct) => _calls.Run<IReadOnlySet<string>>(async () =>
    {
        await using var cmd = db.CreateCommand("SELECT DISTINCT participant_id FROM connections WHERE session_id = @session");
        PostgresSql.Add(cmd, ("session", sessionId));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    });

    public Task<IReadOnlyList<Guid>> ExpireNodesAsync(TimeSpan silence, string? node, CancellationToken ct) => _calls.Run<IReadOnlyList<Guid>>(async () =>
    {
        // Two nodes expiring the same dead node: the row locks let one of them delete (and report) it.
        // Connections of a node with no row at all (it never beat) are orphans and go too.
        await using var cmd = db.CreateCommand($"""
            WITH dead AS (
                DELETE FROM nodes WHERE beat_at < {DbNowMs} - @silence OR id = @node RETURNING id
            ), gone AS (
                DELETE FROM connections
                WHERE node_id IN (SELECT id FROM dead) OR node_id NOT IN (SELECT id FROM nodes)
                RETURNING session_id
            )
            SELECT DISTINCT session_id FROM gone
            """);
        PostgresSql.Add(cmd, ("silence", (long)silence.TotalMilliseconds));
        cmd.Parameters.Add(new NpgsqlParameter("node", NpgsqlDbType.Text) { Value = (object?)node ?? DBNull.Value });
        return await PostgresSql.ReadIdsAsync(cmd, ct);
    });
}
