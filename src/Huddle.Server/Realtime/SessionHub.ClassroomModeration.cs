using System.Text.Json;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record BlockedWordsRequest(IReadOnlyList<string?>? Words);

/// <summary>
/// The classroom's moderation beyond approve/answer/pin/hide (issue 20): restoring a removed question,
/// the word filter and bans from asking. Moderators and the host; <c>not_supported</c> in other kinds.
/// </summary>
public sealed partial class SessionHub
{
    /// <summary>Brings back a question a moderator deleted (removed with undo).</summary>
    public Task RestoreQuestion(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, now) => s.RestoreQuestion(me, itemId, now));
    }

    /// <summary>Replaces the word filter's list (an empty list turns it off).</summary>
    public Task SetBlockedWords(JsonElement request)
    {
        var words = Parse<BlockedWordsRequest>(request).Words;
        return Mutate((s, me, _) => s.SetBlockedWords(me, words));
    }

    /// <summary>Stops a participant from asking; they still watch and vote.</summary>
    public Task BanFromAsking(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me, _) => s.BanFromAsking(me, target, banned: true));
    }

    public Task UnbanFromAsking(JsonElement request)
    {
        var target = Required(Parse<ParticipantRequest>(request).ParticipantId, "participantId");
        return Mutate((s, me, _) => s.BanFromAsking(me, target, banned: false));
    }
}
