namespace Huddle.Core.Application;

/// <summary>A fixed window's count after an <see cref="ILimitStore.AddAsync"/>, and when the window ends (Unix ms).</summary>
public readonly record struct WindowCount(long Total, long EndsAt);

/// <summary>
/// The counters behind every per-IP and per-account limit, shared by all nodes of one deployment:
/// in memory on a single node (SQLite), rows in PostgreSQL, or keys in Redis. The limits decide;
/// the store only counts, so a lost counter costs at most one window of leniency.
/// </summary>
public interface ILimitStore
{
    /// <summary>
    /// Adds <paramref name="amount"/> (negative to give back) to <paramref name="key"/>'s window. A key with
    /// no window, or whose window ended at or before <paramref name="now"/>, starts a new one that ends
    /// <paramref name="windowMs"/> later: the window opens with the first hit, on whichever node.
    /// </summary>
    Task<WindowCount> AddAsync(string key, long amount, long now, long windowMs, CancellationToken ct);

    /// <summary>
    /// Changes this node's share of a gauge (open connections of one IP) by <paramref name="delta"/> and
    /// returns the total over live nodes. A node's shares go with the node when it expires.
    /// </summary>
    Task<long> GaugeAsync(string nodeId, string key, int delta, CancellationToken ct);
}
