using System.Text.Json;
using System.Text.RegularExpressions;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Catalog;
using Huddle.Core.Coaching;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Huddle.Server.Limits;
using Microsoft.AspNetCore.SignalR;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

/// <summary>
/// The real-time door (SPEC §5). Thin: parse, call the session service, map the answer.
/// Errors, rate limits and logging live in <see cref="HubGuardFilter"/>.
/// </summary>
public sealed partial class SessionHub(
    SessionService sessions, FailedAttemptLimiter failedAttempts, IAccountStore accounts, EngineOptions engine) : Hub<ISessionClient>
{
    private const string SessionKey = "huddle.session";
    private const string ParticipantKey = "huddle.participant";
    private const string TokenKey = "huddle.token";

    public long Ping() => sessions.UnixNow();

    public async Task<SnapshotDto> JoinSession(JsonElement request)
    {
        var join = Parse<JoinRequest>(request);
        if (join.DeviceId is { } device && !DeviceId().IsMatch(device))
            throw Errors.InvalidInput("'deviceId' must be 16 to 64 characters of A-Z, a-z, 0-9, '-' or '_'.");
        var ip = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        failedAttempts.EnsureAllowed(ip);
        if (Current() is { } previous)
        {
            Forget();
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, SessionGroups.Of(previous.SessionId));
            await DetachAsync(previous.SessionId, previous.ParticipantId);
        }

        try
        {
            var result = await sessions.JoinAsync(
                join.Code, join.Name, join.ParticipantToken, join.DeviceId, await RoomAccountAsync(), Context.ConnectionId,
                id => Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Of(id)),
                (s, participantId, token, now) => s.Snapshot(participantId, token, now, engine.HostGracePeriod),
                Context.ConnectionAborted);
            Context.Items[SessionKey] = result.SessionId;
            Context.Items[ParticipantKey] = result.ParticipantId;
            Context.Items[TokenKey] = result.ParticipantToken;
            return result.View;
        }
        catch (HuddleException e) when (e.Code is ErrorCodes.SessionNotFound)
        {
            await failedAttempts.RecordFailureAsync(ip);
            throw;
        }
    }

    public async Task LeaveSession()
    {
        var (sessionId, participantId) = Require();
        Forget();
        await sessions.LeaveAsync(sessionId, participantId, Context.ConnectionAborted);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, SessionGroups.Of(sessionId));
    }

    public Task<SnapshotDto> GetSnapshot()
    {
        var (sessionId, participantId) = Require();
        var token = Context.Items.TryGetValue(TokenKey, out var t) && t is string value ? value : "";
        return sessions.ReadAsync(sessionId, (s, now) => s.Snapshot(participantId, token, now, engine.HostGracePeriod), Context.ConnectionAborted);
    }

    public Task<QueueItemDto> AddToQueue(JsonElement request)
    {
        var catalogId = Required(Parse<CatalogRequest>(request).CatalogId, "catalogId");
        var song = sessions.Catalog.Get(catalogId) ?? throw Errors.SongNotFound();
        var itemId = Secrets.NewId("q_");
        return Mutate(
            (s, me, now) => s.AddToQueue(me, new SongRef(song.Id, song.Title, song.Artist, song.Genre, song.DurationSeconds), itemId, now),
            s => s.FindItem(itemId)!.ToDto());
    }

    public Task Vote(JsonElement request)
    {
        var vote = Parse<VoteRequest>(request);
        var itemId = Required(vote.ItemId, "itemId");
        var value = Required(vote.Value, "value");
        return Mutate((s, me, _) => s.Vote(me, itemId, value));
    }

    public Task RemoveFromQueue(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, _) => s.RemoveFromQueue(me, itemId));
    }

    public Task MoveToTop(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, _) => s.MoveToTop(me, itemId));
    }

    public Task PinItem(JsonElement request)
    {
        var pin = Parse<PinRequest>(request);
        var itemId = Required(pin.ItemId, "itemId");
        var pinned = Required(pin.Pinned, "pinned");
        return Mutate((s, me, _) => s.PinItem(me, itemId, pinned));
    }

    public Task PlayNext() => Mutate((s, me, now) => s.PlayNext(me, now));

    public Task UpdatePlayback(JsonElement request)
    {
        var playback = Parse<PlaybackRequest>(request);
        var isPlaying = Required(playback.IsPlaying, "isPlaying");
        var position = Required(playback.PositionSeconds, "positionSeconds");
        return Mutate((s, me, now) => s.UpdatePlayback(me, isPlaying, position, now));
    }

    public Task VoteSkip() => Mutate((s, me, now) => s.VoteSkip(me, now));

    public Task<IReadOnlyList<SongDto>> GetRecommendations(JsonElement request)
    {
        var ask = Parse<RecommendationsRequest>(request);
        var limit = Recommender.ValidLimit(ask.Limit);
        var (sessionId, _) = Require();
        return sessions.ReadAsync<IReadOnlyList<SongDto>>(
            sessionId, s => Recommender.Recommend(s, sessions.Catalog, limit, ask.Seed).Select(Map.ToDto).ToList(), Context.ConnectionAborted);
    }

    public Task UpdateSettings(JsonElement request)
    {
        var patch = Parse<SettingsPatch>(request);
        return Mutate((s, me, _) => s.UpdateSettings(me, patch));
    }

    public Task SetRole(JsonElement request)
    {
        var ask = Parse<RoleRequest>(request);
        var target = Required(ask.ParticipantId, "participantId");
        if (!WireNames.TryParseRole(ask.Role, out var role)) throw Errors.InvalidInput("'role' must be member or moderator.");
        return Mutate((s, me, _) => s.SetRole(me, target, role));
    }

    public Task TransferHost(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me, _) => s.TransferHost(me, target));
    }

    public Task Kick(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me, _) => s.Kick(me, target));
    }

    /// <summary>The lifting half of a kick: the participant may join again.</summary>
    public Task Unban(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me, _) => s.Unban(me, target));
    }

    /// <summary>The host's list of who is banned (kicked and not let back in).</summary>
    public Task<IReadOnlyList<BanDto>> GetBans()
    {
        var (sessionId, participantId) = Require();
        return sessions.ReadAsync<IReadOnlyList<BanDto>>(
            sessionId, s => s.ListBans(participantId).Select(Map.ToBanDto).ToList(), Context.ConnectionAborted);
    }

    public Task EndSession() => Mutate((s, me, now) => s.End(me, "ended_by_host", now));

    /// <summary>The answer to <c>sessionExpiring</c>: keeps an idle session open (any participant).</summary>
    public Task KeepAlive() => Mutate((s, me, now) => s.KeepAlive(me, now));

    /// <summary>The generic relay (SPEC §5.3): validated, rate-limited, never stored.</summary>
    public async Task Broadcast(JsonElement request)
    {
        var relay = Parse<BroadcastRequest>(request);
        var name = Required(relay.EventName, "eventName");
        Relay.ValidateName(name);
        var data = Relay.ValidateData(relay.Data, sessions.Limits);
        var (sessionId, participantId) = Require();
        await sessions.ReadAsync(sessionId, s => { s.EnsureCanRelay(participantId); return true; }, Context.ConnectionAborted);
        await Clients.OthersInGroup(SessionGroups.Of(sessionId)).@event(new RelayEvent(name, data, participantId));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Current() is { } current) await DetachAsync(current.SessionId, current.ParticipantId);
        await base.OnDisconnectedAsync(exception);
    }

    private void Forget()
    {
        Context.Items.Remove(SessionKey);
        Context.Items.Remove(ParticipantKey);
        Context.Items.Remove(TokenKey);
    }

    private Task DetachAsync(Guid sessionId, string participantId) =>
        sessions.DetachAsync(sessionId, participantId, Context.ConnectionId, CancellationToken.None);

    /// <summary>Runs the caller's intent as a command of the joined participant, at the engine's instant.</summary>
    private Task Mutate(Func<Session, string, long, IReadOnlyList<SessionEvent>> decide)
    {
        var (sessionId, participantId) = Require();
        return sessions.MutateAsync(sessionId, (s, now) => decide(s, participantId, now), Context.ConnectionAborted);
    }

    private Task<T> Mutate<T>(Func<Session, string, long, IReadOnlyList<SessionEvent>> decide, Func<Session, T> result)
    {
        var (sessionId, participantId) = Require();
        return sessions.MutateAsync(sessionId, (s, now) => decide(s, participantId, now), result, Context.ConnectionAborted);
    }

    /// <summary>The session this connection has joined, for the guard filter's per-session budget.</summary>
    internal static Guid? JoinedSession(HubCallerContext context) =>
        context.Items.TryGetValue(SessionKey, out var s) && s is Guid sessionId ? sessionId : null;

    private (Guid SessionId, string ParticipantId) Require() => Current() ?? throw Errors.NotJoined();

    private (Guid SessionId, string ParticipantId)? Current() =>
        Context.Items.TryGetValue(SessionKey, out var s) && s is Guid sessionId
        && Context.Items.TryGetValue(ParticipantKey, out var p) && p is string participantId
            ? (sessionId, participantId)
            : null;

    /// <summary>ASCII only, so characters and bytes agree; the web app sends 22 base64url characters (128 random bits).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]{16,64}\z")]
    private static partial Regex DeviceId();
}
