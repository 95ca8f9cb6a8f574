using Huddle.Core.Application;
using Npgsql;

namespace Huddle.Storage.Postgres;

/// <summary>
/// The limits' counters as rows every node shares (migration 0015, unlogged tables): one upsert per
/// hit, which returns the window's total. Ended windows and gauges of gone nodes are swept about once
/// a minute by whichever node is counting.
/// </summary>
public sealed class PostgresLimitStore(NpgsqlDataSource db, string nodeId, IStoreMetrics? metrics = null) : ILimitStore
{
    private const long SweepEveryMs = 60_000;

    private readonly StoreCalls _calls = new(metrics, "limits.");
    private readonly Lock _gate = new();
    private Task? _ownCleared;
    private long _sweptAt;

    public Task<WindowCount> AddAsync(string key, long amount, long now, long windowMs, CancellationToken ct) => _calls.Run(async () =>
    {
        if (now - Interlocked.Read(ref _sweptAt) >= SweepEveryMs) await SweepAsync(now, ct);
        await using var cmd = db.CreateCommand("""
            INSERT INTO limit_windows AS w (key, total, ends_at) VALUES (@key, GREATEST(@amount, 0), @now + @window)
            ON CONFLICT (key) DO UPDATE SET
                total = CASE WHEN w.ends_at > @now THEN GREATEST(w.total + @amount, 0) ELSE GREATEST(@amount, 0) END,
                ends_at = CASE WHEN w.ends_at > @now THEN w.ends_at ELSE @now + @window END
            RETURNING total, ends_at
            """);
        PostgresSql.Add(cmd, ("key", key), ("amount", amount), ("now", now), ("window", windowMs));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new WindowCount(reader.GetInt64(0), reader.GetInt64(1));
    });

    public Task<long> GaugeAsync(string node, string key, int delta, CancellationToken ct) => _calls.Run(async () =>
    {
        await ClearOwnOnce().WaitAsync(ct);
        // The outer SELECT sees the snapshot from before the upsert: this node's share comes from RETURNING.
        await using var cmd = db.CreateCommand("""
            WITH mine AS (
                INSERT INTO limit_gauges AS g (node_id, key, value) VALUES (@node, @key, GREATEST(@delta, 0))
                ON CONFLICT (key, node_id) DO UPDATE SET value = GREATEST(g.value + @delta, 0)
                RETURNING value
            )
            SELECT (SELECT value FROM mine) + coalesce((
                SELECT sum(g.value) FROM limit_gauges g JOIN nodes n ON n.id = g.node_id
                WHERE g.key = @key AND g.node_id <> @node), 0)::bigint
            """);
        PostgresSql.Add(cmd, ("node", node), ("key", key), ("delta", delta));
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    });

    /// <summary>
    /// A node restarted under the same id (a fixed <c>NodeId</c> after <c>kill -9</c>) must not inherit
    /// its previous run's connections: they would count for ever, since the id is alive again.
    /// </summary>
    private Task ClearOwnOnce()
    {
        lock (_gate)
        {
            // Once per process; again after a failure (the database was down when the node started).
            if (_ownCleared is null || _ownCleared.IsFaulted || _ownCleared.IsCanceled) _ownCleared = ClearOwnAsync();
            return _ownCleared;
        }
    }

    private async Task ClearOwnAsync()
    {
        await using var cmd = db.CreateCommand("DELETE FROM limit_gauges WHERE node_id = @node");
        PostgresSql.Add(cmd, ("node", nodeId));
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task SweepAsync(long now, CancellationToken ct)
    {
        Interlocked.Exchange(ref _sweptAt, now);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM limit_windows WHERE ends_at <= $1") { Parameters = { new() { Value = now } } });
        // Zero shares, and the shares of nodes that are gone (expired or stopped), never this node's.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "DELETE FROM limit_gauges WHERE value = 0 OR (node_id <> $1 AND node_id NOT IN (SELECT id FROM nodes))") { Parameters = { new() { Value = nodeId } } });
        await batch.ExecuteNonQueryAsync(ct);
    }
}
