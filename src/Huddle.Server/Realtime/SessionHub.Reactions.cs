using System.Text.Json;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record ReactionRequest(string? Emoji);

/// <summary>
/// Reactions during the watch party (issue 21): decided in Core (<c>Session.React</c>: the list, the
/// per-participant limit on the session clock), then relayed to everyone in the session, the sender
/// included, like the relay: never committed, so no version and nothing to replay.
/// </summary>
public sealed partial class SessionHub
{
    public async Task React(JsonElement request)
    {
        var emoji = Parse<ReactionRequest>(request).Emoji;
        var (sessionId, participantId) = Require();
        var reaction = await sessions.ReadAsync(sessionId, (s, now) => s.React(participantId, emoji, now), Context.ConnectionAborted);
        await Clients.Group(SessionGroups.Of(sessionId)).reaction(new ReactionEvent(reaction.Emoji, reaction.ById, reaction.ByName, reaction.At));
    }
}
