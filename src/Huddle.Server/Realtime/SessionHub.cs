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
public sealed partial class SessionHub(SessionService sessions, FailedAttemptLimiter failedAttempts, IAccountStore accounts) : Hub<ISessionClient>
{
    private const string SessionKey = "huddle.session";
    private const string ParticipantKey = "huddle.participant";
    private const string TokenKey = "huddle.token";
    private static readonly JsonElement NullData = JsonDocument.Parse("null").RootElement;

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
                (s, participantId, token) => s.Snapshot(participantId, token, sessions.UnixNow()),
                Context.ConnectionAborted);
            Context.Items[SessionKey] = result.SessionId;
            Context.Items[ParticipantKey] = result.ParticipantId;
            Context.Items[TokenKey] = result.ParticipantToken;
            return result.View;
        }
        catch (HuddleException e) when (e.Code is ErrorCodes.SessionNotFound)
        {
            failedAttempts.RecordFailure(ip);
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
        return sessions.ReadAsync(sessionId, s => s.Snapshot(participantId, token, sessions.UnixNow()), Context.ConnectionAborted);
    }

    public Task<QueueItemDto> AddToQueue(JsonElement request)
    {
        var catalogId = Required(Parse<CatalogRequest>(request).CatalogId, "catalogId");
        var song = sessions.Catalog.Get(catalogId) ?? throw Errors.SongNotFound();
        var itemId = Secrets.NewId("q_");
        return Mutate(
            (s, me) => s.AddToQueue(me, new SongRef(song.Id, song.Title, song.Artist, song.Genre, song.DurationSeconds), itemId, sessions.UnixNow()),
            s => s.FindItem(itemId)!.ToDto());
    }

    public Task Vote(JsonElement request)
    {
        var vote = Parse<VoteRequest>(request);
        var itemId = Required(vote.ItemId, "itemId");
        var value = Required(vote.Value, "value");
        return Mutate((s, me) => s.Vote(me, itemId, value));
    }

    public Task RemoveFromQueue(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me) => s.RemoveFromQueue(me, itemId));
    }

    public Task MoveToTop(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me) => s.MoveToTop(me, itemId));
    }

    public Task PinItem(JsonElement request)
    {
        var pin = Parse<PinRequest>(request);
        var itemId = Required(pin.ItemId, "itemId");
        var pinned = Required(pin.Pinned, "pinned");
        return Mutate((s, me) => s.PinItem(me, itemId, pinned));
    }

    public Task PlayNext() => Mutate((s, me) => s.PlayNext(me, sessions.UnixNow()));

    public Task UpdatePlayback(JsonElement request)
    {
        var playback = Parse<PlaybackRequest>(request);
        var isPlaying = Required(playback.IsPlaying, "isPlaying");
        var position = Required(playback.PositionSeconds, "positionSeconds");
        return Mutate((s, me) => s.UpdatePlayback(me, isPlaying, position, sessions.UnixNow()));
    }

    public Task VoteSkip() => Mutate((s, me) => s.VoteSkip(me, sessions.UnixNow()));

    public Task<IReadOnlyList<SongDto>> GetRecommendations(JsonElement request)
    {
        var ask = Parse<RecommendationsRequest>(request);
        var limit = ask.Limit ?? 10;
        if (limit is < 1 or > 50) throw Errors.InvalidInput("'limit' must be between 1 and 50.");
        var (sessionId, _) = Require();
        return sessions.ReadAsync<IReadOnlyList<SongDto>>(
            sessionId,
            s =>
            {
                s.EnsureSongKind();

                // Without a seed, the same state gives the same picks; any change reshuffles the random part.
                var seed = ask.Seed ?? HashCode.Combine(s.Id, s.Version);
                return Recommender.Recommend(s, sessions.Catalog, limit, seed).Select(Map.ToDto).ToList();
            },
            Context.ConnectionAborted);
    }

    public Task UpdateSettings(JsonElement request)
    {
        var patch = Parse<SettingsPatch>(request);
        return Mutate((s, me) => s.UpdateSettings(me, patch));
    }

    public Task SetRole(JsonElement request)
    {
        var ask = Parse<RoleRequest>(request);
        var target = Required(ask.ParticipantId, "participantId");
        if (!WireNames.TryParseRole(ask.Role, out var role)) throw Errors.InvalidInput("'role' must be member or moderator.");
        return Mutate((s, me) => s.SetRole(me, target, role));
    }

    public Task TransferHost(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me) => s.TransferHost(me, target));
    }

    public Task Kick(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me) => s.Kick(me, target));
    }

    /// <summary>The lifting half of a kick: the participant may join again.</summary>
    public Task Unban(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me) => s.Unban(me, target));
    }

    /// <summary>The host's list of who is banned (kicked and not let back in).</summary>
    public Task<IReadOnlyList<BanDto>> GetBans()
    {
        var (sessionId, participantId) = Require();
        return sessions.ReadAsync<IReadOnlyList<BanDto>>(
            sessionId, s => s.ListBans(participantId).Select(Map.ToBanDto).ToList(), Context.ConnectionAborted);
    }

    public Task EndSession() => Mutate((s, me) => s.End(me, "ended_by_host", sessions.UnixNow()));

    /// <summary>The answer to <c>sessionExpiring</c>: keeps an idle session open (any participant).</summary>
    public Task KeepAlive() => Mutate((s, me) => s.KeepAlive(me, sessions.UnixNow()));

    /// <summary>The generic relay (SPEC §5.3): validated, rate-limited, never stored.</summary>
    public async Task Broadcast(JsonElement request)
    {
        var relay = Parse<BroadcastRequest>(request);
        var name = Required(relay.EventName, "eventName");
        if (!EventName().IsMatch(name))
            throw Errors.Invalid(ErrorCodes.InvalidEventName, "eventName must match ^[a-z0-9][a-z0-9:_-]{0,63}$.");
        // Absent data is relayed as JSON null (an undefined element cannot be serialized).
        var data = relay.Data.ValueKind == JsonValueKind.Undefined ? NullData : relay.Data.Clone();
        int size;
        try
        {
            // JSON text may escape an unpaired surrogate ("\ud800") that no JSON writer can send on: it
            // would fail later, in every receiver's connection, and SignalR would close them.
            // The size counted is what every receiver gets (the writer escapes non-ASCII as \uXXXX),
            // not the sender's text, which may be a third of that.
            size = JsonSerializer.SerializeToUtf8Bytes(data).Length;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Errors.InvalidInput("'data' must be valid JSON text (no unpaired surrogates).");
        }

        if (size > sessions.Limits.RelayDataMaxBytes)
            throw Errors.Invalid(ErrorCodes.EventTooLarge, $"Event data must be at most {sessions.Limits.RelayDataMaxBytes} bytes of JSON.");
        Validate.JsonStrings(StringsIn(data), "'data'", ErrorCodes.InvalidInput, sessions.Limits.Text);
        var (sessionId, participantId) = Require();
        await sessions.ReadAsync(sessionId, s => { s.EnsureCanRelay(participantId); return true; }, Context.ConnectionAborted);
        await Clients.OthersInGroup(SessionGroups.Of(sessionId)).@event(new RelayEvent(name, data, participantId));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Current() is { } current) await DetachAsync(current.SessionId, current.ParticipantId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Every string of a JSON value, property names included.</summary>
    private static IEnumerable<string> StringsIn(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(StringsIn),
        JsonValueKind.Object => value.EnumerateObject().SelectMany(p => StringsIn(p.Value).Prepend(p.Name)),
        _ => [],
    };

    private void Forget()
    {
        Context.Items.Remove(SessionKey);
        Context.Items.Remove(ParticipantKey);
        Context.Items.Remove(TokenKey);
    }

    private Task DetachAsync(Guid sessionId, string participantId) =>
        sessions.DetachAsync(sessionId, participantId, Context.ConnectionId, CancellationToken.None);

    private Task Mutate(Func<Session, string, IReadOnlyList<SessionEvent>> decide)
    {
        var (sessionId, participantId) = Require();
        return sessions.MutateAsync(sessionId, s => decide(s, participantId), Context.ConnectionAborted);
    }

    private Task<T> Mutate<T>(Func<Session, string, IReadOnlyList<SessionEvent>> decide, Func<Session, T> result)
    {
        var (sessionId, participantId) = Require();
        return sessions.MutateAsync(sessionId, s => decide(s, participantId), result, Context.ConnectionAborted);
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

    [GeneratedRegex("^[a-z0-9][a-z0-9:_-]{0,63}$")]
    private static partial Regex EventName();

    /// <summary>ASCII only, so characters and bytes agree; the web app sends 22 base64url characters (128 random bits).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]{16,64}\z")]
    private static partial Regex DeviceId();
}
