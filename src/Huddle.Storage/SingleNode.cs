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
