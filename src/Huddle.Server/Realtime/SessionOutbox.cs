using System.Collections.Concurrent;
using Huddle.Core;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>
/// Sends each session's events from an ordered outbox instead of from under the session's gate, so
/// the next commit of a session (its fsync) overlaps with the fan-out of the last one. Wraps SignalR's
/// own lifetime manager: group sends, group membership changes and sends to a connection that is in a
/// session all go through one queue per session, in the order they were asked for; everything else
/// passes straight through.
/// <para>
/// Two promises keep the protocol as it was (docs/protocol.md §9): events still leave in version
/// order, and <see cref="HubGuardFilter"/> completes a call only once everything queued for the
/// caller's session before the call ended has been sent, so a client still has its own commit's events
/// before the call returns. When a session's fan-out falls behind (a 1,000-person lecture hall voting),
/// consecutive <c>voteUpdated</c> events waiting in its queue go out as one <c>votesUpdated</c> batch,
/// and a classroom's consecutive <c>questionScoreUpdated</c> as one <c>questionScoresUpdated</c>:
/// the bigger the backlog, the fewer frames per vote.
/// </para>
/// </summary>
public sealed partial class SessionOutbox<THub>(HubLifetimeManager<THub> inner, ILogger<SessionOutbox<THub>> log) : HubLifetimeManager<THub>
    where THub : Hub
{
    /// <summary>A session's queue may hold this many sends before the publisher waits for it.</summary>
    internal const int MaxBacklog = 512;

    private readonly ConcurrentDictionary<string, SessionQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _sessionOfConnection = new(StringComparer.Ordinal);

    /// <summary>Completes once everything queued so far for the connection's session has been sent.</summary>
    public Task SentAsync(string connectionId) =>
        _sessionOfConnection.TryGetValue(connectionId, out var key) && _queues.ContainsKey(key)
            ? Enqueue(key, new Item(ItemKind.Marker), wait: true)
            : Task.CompletedTask; // nothing queued or being sent for that session

    public override Task OnConnectedAsync(HubConnectionContext connection) => inner.OnConnectedAsync(connection);

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _sessionOfConnection.TryRemove(connection.ConnectionId, out _);
        return inner.OnDisconnectedAsync(connection);
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(groupName);
        if (key is null) return inner.AddToGroupAsync(connectionId, groupName, cancellationToken);
        _sessionOfConnection[connectionId] = key;
        return Enqueue(key, new Item(ItemKind.Add) { Group = groupName, ConnectionId = connectionId });
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(groupName);
        if (key is null) return inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

        // The connection keeps its queue until it joins another session or closes, so a "kicked"
        // sent to it after its removal still follows the events queued before.
        return Enqueue(key, new Item(ItemKind.Remove) { Group = groupName, ConnectionId = connectionId });
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        KeyOf(groupName) is { } key
            ? Enqueue(key, new Item(ItemKind.Group) { Group = groupName, Method = methodName, Args = args })
            : inner.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        KeyOf(groupName) is { } key
            ? Enqueue(key, new Item(ItemKind.GroupExcept) { Group = groupName, Method = methodName, Args = args, Connections = excludedConnectionIds })
            : inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _sessionOfConnection.TryGetValue(connectionId, out var key)
            ? Enqueue(key, new Item(ItemKind.Connections) { Method = methodName, Args = args, Connections = [connectionId] })
            : inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override async Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        // Usually all in one session: one queued send, so SignalR serializes the message once.
        string? key = null;
        var oneSession = connectionIds.Count > 0;
        foreach (var connectionId in connectionIds)
        {
            if (!_sessionOfConnection.TryGetValue(connectionId, out var k) || (key is not null && k != key)) { oneSession = false; break; }
            key = k;
        }

        if (oneSession)
        {
            await Enqueue(key!, new Item(ItemKind.Connections) { Method = methodName, Args = args, Connections = connectionIds });
            return;
        }

        foreach (var connectionId in connectionIds) await SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        inner.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        inner.TryGetReturnType(invocationId, out type);

    /// <summary>A session's group and its sub-groups share the session's queue; other groups are not queued.</summary>
    private static string? KeyOf(string groupName) => SessionGroups.SessionOf(groupName);

    private Task Enqueue(string key, Item item, bool wait = false)
    {
        while (true)
        {
            var queue = _queues.GetOrAdd(key, static _ => new SessionQueue());
            lock (queue)
            {
                // A queue that drained has left the dictionary; take (or make) the current one.
                if (queue.Retired) continue;
                if (wait || queue.Items.Count >= MaxBacklog) item.Sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                queue.Items.Enqueue(item);
                if (!queue.Pumping)
                {
                    queue.Pumping = true;
                    _ = Task.Run(() => PumpAsync(key, queue));
                }

                return item.Sent?.Task ?? Task.CompletedTask;
            }
        }
    }

    private async Task PumpAsync(string key, SessionQueue queue)
    {
        var batch = new List<Item>();
        while (true)
        {
            lock (queue)
            {
                if (queue.Items.Count == 0)
                {
                    queue.Pumping = false;
                    queue.Retired = true;
                    _queues.TryRemove(new KeyValuePair<string, SessionQueue>(key, queue));
                    return;
                }

                batch.Clear();
                while (queue.Items.TryDequeue(out var next)) batch.Add(next);
            }

            for (var i = 0; i < batch.Count;)
            {
                var end = VoteRun(batch, i);
                try
                {
                    if (end - i > 1) await SendVotesAsync(batch, i, end);
                    else await SendAsync(batch[i]);
                }
                catch (Exception e)
                {
                    LogSendFailed(e, key);
                }

                for (var j = i; j < end; j++) batch[j].Sent?.TrySetResult();
                i = end;
            }
        }
    }

    /// <summary>
    /// The end of the run of vote group sends (<c>voteUpdated</c>, or <c>questionScoreUpdated</c>) starting
    /// at <paramref name="start"/> that can travel as one batch: same event, same group, consecutive
    /// versions (markers in between are passed over).
    /// </summary>
    private static int VoteRun(List<Item> batch, int start)
    {
        if (!IsVote(batch[start], out var group, out var last)) return start + 1;
        var method = batch[start].Method;
        var end = start + 1;
        while (end < batch.Count)
        {
            var item = batch[end];
            if (item.Kind == ItemKind.Marker) { end++; continue; }
            if (!IsVote(item, out var g, out var v) || item.Method != method || g != group || (v != last && v != last + 1)) break;
            last = v;
            end++;
        }

        while (end > start + 1 && batch[end - 1].Kind == ItemKind.Marker) end--;
        return end;
    }

    private static bool IsVote(Item item, out string? group, out long version)
    {
        if (item is { Kind: ItemKind.Group, Method: "voteUpdated", Args: [VoteUpdatedEvent vote] })
        {
            group = item.Group;
            version = vote.Version;
            return true;
        }

        if (item is { Kind: ItemKind.Group, Method: "questionScoreUpdated", Args: [QuestionScoreUpdatedEvent score] })
        {
            group = item.Group;
            version = score.Version;
            return true;
        }

        group = null;
        version = 0;
        return false;
    }

    private Task SendVotesAsync(List<Item> batch, int start, int end)
    {
        if (batch[start].Method == "questionScoreUpdated")
        {
            var scores = batch.Skip(start).Take(end - start).Select(i => i.Args is [QuestionScoreUpdatedEvent s] ? s : null).OfType<QuestionScoreUpdatedEvent>().ToList();
            if (scores.Count == 1) return SendAsync(batch[start]);
            return inner.SendGroupAsync(batch[start].Group!, "questionScoresUpdated", [new QuestionScoresUpdatedEvent(scores[^1].Version, scores[0].Version, scores)]);
        }

        var votes = new List<VoteUpdatedEvent>(end - start);
        for (var i = start; i < end; i++)
        {
            if (batch[i].Args is [VoteUpdatedEvent vote]) votes.Add(vote);
        }

        if (votes.Count == 1) return SendAsync(batch[start]);
        var e = new VotesUpdatedEvent(votes[^1].Version, votes[0].Version, votes);
        return inner.SendGroupAsync(batch[start].Group!, "votesUpdated", [e]);
    }

    private Task SendAsync(Item item) => item.Kind switch
    {
        ItemKind.Group => inner.SendGroupAsync(item.Group!, item.Method!, item.Args!),
        ItemKind.GroupExcept => inner.SendGroupExceptAsync(item.Group!, item.Method!, item.Args!, item.Connections!),
        ItemKind.Connections => inner.SendConnectionsAsync(item.Connections!, item.Method!, item.Args!),
        ItemKind.Add => inner.AddToGroupAsync(item.ConnectionId!, item.Group!),
        ItemKind.Remove => inner.RemoveFromGroupAsync(item.ConnectionId!, item.Group!),
        _ => Task.CompletedTask,
    };

    [LoggerMessage(EventId = Log.BackgroundFailed, Level = LogLevel.Error, Message = "Sending to {Session} failed")]
    private partial void LogSendFailed(Exception exception, string session);

    private enum ItemKind { Group, GroupExcept, Connections, Add, Remove, Marker }

    private sealed class Item(ItemKind kind)
    {
        public ItemKind Kind { get; } = kind;
        public string? Group { get; init; }
        public string? ConnectionId { get; init; }
        public string? Method { get; init; }
        public object?[]? Args { get; init; }
        public IReadOnlyList<string>? Connections { get; init; }
        public TaskCompletionSource? Sent { get; set; }
    }

    private sealed class SessionQueue
    {
        public Queue<Item> Items { get; } = new();
        public bool Pumping { get; set; }
        public bool Retired { get; set; }
    }
}
