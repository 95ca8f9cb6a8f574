using Huddle.Core;

using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Huddle.Server.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>
/// Turns a committed change into hub events for the session's group. Runs under the session's
/// gate, so events are queued in version order; <see cref="SessionOutbox{THub}"/> sends them in
/// that order after the gate is released. Also writes the lifecycle log, for the commits this node made.
/// </summary>
public sealed partial class HubPublisher(
    IHubContext<SessionHub, ISessionClient> hub, HuddleMetrics metrics, EngineOptions engine, ILogger<HubPublisher> log) : ISessionPublisher
{
    public async Task PublishAsync(SessionChange change, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await PublishEventsAsync(change, ct);
        metrics.Broadcast(System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private async Task PublishEventsAsync(SessionChange change, CancellationToken ct)
    {
        var (session, commit, detached) = change;

        // Other nodes holding the session apply the same commit: only the one that made it logs it.
        var logs = change.Local;
        var group = hub.Clients.Group(SessionGroups.Of(session.Id));
        var v = commit.Version;
        bool queueChanged = false, skipChanged = false;
        List<string>? votedItems = null;
        List<string>? movedItems = null;

        foreach (var connections in detached.Values)
        {
            foreach (var connectionId in connections) await hub.Groups.RemoveFromGroupAsync(connectionId, SessionGroups.Of(session.Id), ct);
        }

        foreach (var e in commit.Events)
        {
            switch (e)
            {
                case SessionCreated c:
                    if (logs) LogCreated(c.Code, WireNames.Of(c.Kind), c.Id);
                    break;
                case ParticipantJoined j:
                    if (logs) LogJoined(session.Code, j.ParticipantId);
                    break;
                case PresenceChanged { Present: true } p:
                    await group.participantJoined(new ParticipantJoinedEvent(v, session.Find(p.ParticipantId)!.ToDto()));
                    break;
                case PresenceChanged p:
                    // The host's absence goes with it: guests see why host controls wait, and until when.
                    await group.participantLeft(new ParticipantLeftEvent(
                        v, p.ParticipantId, "disconnected", p.ParticipantId == session.HostId ? session.HostAwayDto(engine.HostGracePeriod) : null));
                    break;
                case ParticipantLeft l:
                    if (logs) LogLeft(session.Code, l.ParticipantId);
                    await group.participantLeft(new ParticipantLeftEvent(v, l.ParticipantId, "left"));
                    break;
                case ParticipantKicked k:
                    if (logs) LogKicked(session.Code, k.ParticipantId);
                    if (detached.TryGetValue(k.ParticipantId, out var kickedConnections))
                        await hub.Clients.Clients(kickedConnections).kicked(new KickedEvent(v, "kicked"));
                    await group.participantLeft(new ParticipantLeftEvent(v, k.ParticipantId, "kicked"));
                    queueChanged = skipChanged = true;
                    break;
                case ParticipantUnbanned u:
                    await group.participantUnbanned(new ParticipantUnbannedEvent(v, u.ParticipantId));
                    break;
                case HostChanged h:
                    if (logs && h.PreviousHostId is not null) LogHostMigrated(session.Code, h.PreviousHostId, h.ParticipantId, h.Reason);
                    await group.hostChanged(new HostChangedEvent(v, h.ParticipantId, h.PreviousHostId, h.Reason));
                    break;
                case RoleChanged r:
                    await group.roleChanged(new RoleChangedEvent(v, r.ParticipantId, WireNames.Of(r.Role)));
                    break;
                case SettingsChanged s:
                    await group.settingsUpdated(new SettingsUpdatedEvent(v, s.Settings.ToDto()));
                    skipChanged = true;

                    // queueOrder may have reordered the queue: clients never compute the order themselves.
                    queueChanged |= session.Queue.Count > 0;
                    break;
                case ItemAdded or ItemRemoved:
                    queueChanged = true;
                    break;
                case VoteCast vote:
                    // In fair order one vote can move several items between rounds: send the whole queue.
                    if (session.Settings.QueueOrder == QueueOrder.Fair) queueChanged = true;
                    else (votedItems ??= []).Add(vote.ItemId);
                    break;
                case ItemMovedToTop m:
                    (movedItems ??= []).Add(m.ItemId);
                    break;
                case ItemPinned p:
                    (movedItems ??= []).Add(p.ItemId);
                    break;
                case NowPlayingChanged n:
                    await group.nowPlaying(new NowPlayingEvent(v, session.NowPlaying?.Item.ToDto(), session.NowPlaying?.Playback.ToDto(), n.Reason));
                    await group.historyUpdated(new HistoryUpdatedEvent(v, session.HistoryDto()));
                    queueChanged = skipChanged = true;
                    break;
                case PlaybackChanged:
                    await group.playbackUpdated(new PlaybackUpdatedEvent(v, session.NowPlaying!.Playback.ToDto()));
                    break;
                case SkipVoteCast:
                    skipChanged = true;
                    break;
                case SessionEnded { Reason: "inactive" } end:
                    if (logs) LogExpired(session.Code);
                    await group.sessionEnded(new SessionEndedEvent(v, end.Reason) { Movie = session.ResultsDto() });
                    break;
                case SessionEnded end:
                    if (logs) LogEnded(session.Code, end.Reason);
                    await group.sessionEnded(new SessionEndedEvent(v, end.Reason) { Movie = session.ResultsDto() });
                    break;
                case SessionKeptAlive kept:
                    await group.sessionKeptAlive(new SessionKeptAliveEvent(v, kept.ParticipantId));
                    break;
                case MovieEvent:
                    break; // below, once per commit
                case ClassroomEvent:
                    break; // below, once per commit
                case CoachingRoomOpened:
                    break;
                case OwnerTokenReissued:
                    break; // a token never goes on the wire; the hostChanged beside it (if any) says the rest
                case NotesUpdated n:
                    await group.notesUpdated(new NotesUpdatedEvent(v, n.Text, session.PersonRef(n.ById), n.At));
                    break;
                default:
                    throw new InvalidOperationException($"No mapping for {e.GetType().Name}.");
            }
        }

        if (session.MovieNight is not null) await MovieNightPublisher.PublishAsync(group, session, commit);
        if (session.Classroom is not null) await ClassroomPublisher.PublishAsync(hub, change);

        // A vote moves one item: a ~100-byte delta instead of the whole queue (tens of KB per vote
        // times every participant is what limited throughput, docs/benchmarks.md).
        if (queueChanged) await group.queueUpdated(new QueueUpdatedEvent(v, session.QueueDto()));
        else
        {
            if (votedItems is not null) await SendVotesAsync(group, session, v, votedItems);
            if (movedItems is not null) await SendMovesAsync(group, session, v, movedItems);
        }

        if (skipChanged)
        {
            var (votes, needed) = session.SkipTally();
            await group.skipUpdated(new SkipUpdatedEvent(v, votes, needed));
        }
    }

    public Task ExpiringAsync(Guid sessionId, long version, long expiresAt, CancellationToken ct) =>
        hub.Clients.Group(SessionGroups.Of(sessionId)).sessionExpiring(new SessionExpiringEvent(version, expiresAt, "inactive"));

    private static async Task SendVotesAsync(ISessionClient group, Session session, long version, List<string> itemIds)
    {
        foreach (var (item, position) in Placed(session, itemIds))
            await group.voteUpdated(new VoteUpdatedEvent(version, item.ItemId, item.Score, item.Upvotes, item.Downvotes, position));
    }

    /// <summary>A move or a pin places one item; like a vote, it is sent as that item's new place only.</summary>
    private static async Task SendMovesAsync(ISessionClient group, Session session, long version, List<string> itemIds)
    {
        foreach (var (item, position) in Placed(session, itemIds))
            await group.itemMoved(new ItemMovedEvent(version, item.ItemId, position, item.Pinned));
    }

    /// <summary>The items still queued among <paramref name="itemIds"/>, with their 0-based place in the queue.</summary>
    private static IEnumerable<(QueueItem Item, int Position)> Placed(Session session, List<string> itemIds)
    {
        foreach (var itemId in itemIds.Distinct())
        {
            var queue = session.Queue;
            var position = 0;
            while (position < queue.Count && queue[position].ItemId != itemId) position++;
            if (position < queue.Count) yield return (queue[position], position);
        }
    }

    [LoggerMessage(EventId = Log.SessionCreated, Level = LogLevel.Information, Message = "Session {Code} created ({Kind}, {SessionId})")]
    private partial void LogCreated(string code, string kind, Guid sessionId);

    [LoggerMessage(EventId = Log.ParticipantJoined, Level = LogLevel.Information, Message = "Session {Code}: participant {ParticipantId} joined")]
    private partial void LogJoined(string code, string participantId);

    [LoggerMessage(EventId = Log.ParticipantLeft, Level = LogLevel.Information, Message = "Session {Code}: participant {ParticipantId} left")]
    private partial void LogLeft(string code, string participantId);

    [LoggerMessage(EventId = Log.HostMigrated, Level = LogLevel.Information, Message = "Session {Code}: host moved from {From} to {To} ({Reason})")]
    private partial void LogHostMigrated(string code, string from, string? to, string reason);

    [LoggerMessage(EventId = Log.ParticipantKicked, Level = LogLevel.Information, Message = "Session {Code}: participant {ParticipantId} kicked")]
    private partial void LogKicked(string code, string participantId);

    [LoggerMessage(EventId = Log.SessionEnded, Level = LogLevel.Information, Message = "Session {Code} ended ({Reason})")]
    private partial void LogEnded(string code, string reason);

    [LoggerMessage(EventId = Log.SessionExpired, Level = LogLevel.Information, Message = "Session {Code} expired (inactive) and ended")]
    private partial void LogExpired(string code);
}
