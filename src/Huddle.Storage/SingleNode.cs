using Huddle.Core.Application;

namespace Huddle.Storage;

/// <summary>
/// Presence for a store only one process uses (SQLite): connections live in memory, so a restart
/// starts with nobody connected, which is exactly the truth. Nothing here needs to be durable.
/// </summary>
public sealed class LocalPresenceStore : IPresenceStore
{
    // By session, so presence checks (every disconnect) cost the session's connections, not the node's.
    private readonly Dictionary<Guid, Dictionary<string, string>> _bySession = [];
    private readonly Dictionary<string, Guid> _sessionOf = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<bool> BeatAsync(string nodeId, CancellationToken ct) => Task.FromResult(true);

    public Task ConnectAsync(string nodeId, string connectionId, Guid sessionId, string participantId, long now, CancellationToken ct)
    {
        lock (_gate)
        {
            Remove(connectionId);
            if (!_bySession.TryGetValue(sessionId, out var connections))
                _bySession[sessionId] = connections = new Dictionary<string, string>(StringComparer.Ordinal);
            connections[connectionId] = participantId;
            _sessionOf[connectionId] = sessionId;
        }

        return Task.CompletedTask;
    }

    public Task DisconnectAsync(string connectionId, CancellationToken ct)
    {
        lock (_gate) Remove(connectionId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> ConnectedAsync(Guid sessionId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlySet<string>>(_bySession.TryGetValue(sessionId, out var connections)
                ? connections.Values.ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal));
        }
    }

    public Task<IReadOnlyList<Guid>> ExpireNodesAsync(TimeSpan silence, string? nodeId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Guid>>([]);

    private void Remove(string connectionId)
    {
        if (!_sessionOf.Remove(connectionId, out var sessionId)) return;
        var connections = _bySession[sessionId];
        connections.Remove(connectionId);
        if (connections.Count == 0) _bySession.Remove(sessionId);
    }
}

/// <summary>One node hears of every commit itself: there is nobody else to listen to.</summary>
public sealed class NoCommitNotices : ICommitNotices
{
    public bool Listening => true;

    public async Task ListenAsync(Action<CommitNotice> committed, Func<Task> missed, CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// The limits' counters of one process (SQLite, or a node whose shared store is down): windows and
/// gauges in memory. Ended windows are dropped about once a minute, so memory follows the busy keys.
/// </summary>
public sealed class LocalLimitStore : ILimitStore
{
    private const long SweepEveryMs = 60_000;

    private readonly Dictionary<string, WindowCount> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _gauges = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sweptAt;

    public Task<WindowCount> AddAsync(string key, long amount, long now, long windowMs, CancellationToken ct)
    {
        lock (_gate)
        {
            if (now - _sweptAt >= SweepEveryMs) Sweep(now);
            var count = _windows.TryGetValue(key, out var w) && w.EndsAt > now
                ? w with { Total = Math.Max(0, w.Total + amount) }
                : new WindowCount(Math.Max(0, amount), now + windowMs);
            _windows[key] = count;
            return Task.FromResult(count);
        }
    }

    public Task<long> GaugeAsync(string nodeId, string key, int delta, CancellationToken ct)
    {
        lock (_gate)
        {
            var value = Math.Max(0, _gauges.GetValueOrDefault(key) + delta);
            if (value == 0) _gauges.Remove(key);
            else _gauges[key] = value;
            return Task.FromResult(value);
        }
    }

    private void Sweep(long now)
    {
        _sweptAt = now;
        foreach (var (key, w) in _windows)
        {
            if (w.EndsAt <= now) _windows.Remove(key);
        }
    }
}
