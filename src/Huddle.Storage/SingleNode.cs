using System.Collections.Concurrent;
using Huddle.Core.Application;

namespace Huddle.Storage;

/// <summary>
/// Presence for a store only one process uses (SQLite): connections live in memory, so a restart
/// starts with nobody connected, which is exactly the truth. Nothing here needs to be durable.
/// </summary>
public sealed class LocalPresenceStore : IPresenceStore
{
    private readonly ConcurrentDictionary<string, (Guid SessionId, string ParticipantId)> _connections = new(StringComparer.Ordinal);

    public Task<bool> BeatAsync(string nodeId, CancellationToken ct) => Task.FromResult(true);

    public Task ConnectAsync(string nodeId, string connectionId, Guid sessionId, string participantId, long now, CancellationToken ct)
    {
        _connections[connectionId] = (sessionId, participantId);
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(string connectionId, CancellationToken ct)
    {
        _connections.TryRemove(connectionId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> ConnectedAsync(Guid sessionId, CancellationToken ct) =>
        Task.FromResult<IReadOnlySet<string>>(
            _connections.Values.Where(c => c.SessionId == sessionId).Select(c => c.ParticipantId).ToHashSet(StringComparer.Ordinal));

    public Task<IReadOnlyList<Guid>> ExpireNodesAsync(TimeSpan silence, string? nodeId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Guid>>([]);
}

/// <summary>One node hears of every commit itself: there is nobody else to listen to.</summary>
public sealed class NoCommitNotices : ICommitNotices
{
    public bool Listening => true;

    public async Task ListenAsync(Action<Guid, long> committed, Func<Task> missed, CancellationToken ct)
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
