using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huddle.Core.Sessions;

/// <summary>
/// A fact decided by the session aggregate. Commands validate and return events without touching
/// state; <see cref="Session.Apply(Commit)"/> is the only code that changes a session. The same events
/// are the storage format (one commit row per mutation) and the input of the broadcast mapping, so
/// a session rebuilt from storage, or on another node, is exactly the one that was acknowledged.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SessionCreated), "created")]
[JsonDerivedType(typeof(ParticipantJoined), "joined")]
[JsonDerivedType(typeof(PresenceChanged), "presence")]
[JsonDerivedType(typeof(ParticipantLeft), "left")]
[JsonDerivedType(typeof(ParticipantKicked), "kicked")]
[JsonDerivedType(typeof(ParticipantUnbanned), "unbanned")]
[JsonDerivedType(typeof(HostChanged), "hostChanged")]
[JsonDerivedType(typeof(RoleChanged), "roleChanged")]
[JsonDerivedType(typeof(SettingsChanged), "settings")]
[JsonDerivedType(typeof(ItemAdded), "itemAdded")]
[JsonDerivedType(typeof(ItemRemoved), "itemRemoved")]
[JsonDerivedType(typeof(VoteCast), "vote")]
[JsonDerivedType(typeof(ItemMovedToTop), "itemMovedToTop")]
[JsonDerivedType(typeof(ItemPinned), "itemPinned")]
[JsonDerivedType(typeof(NowPlayingChanged), "nowPlaying")]
[JsonDerivedType(typeof(PlaybackChanged), "playback")]
[JsonDerivedType(typeof(SkipVoteCast), "skipVote")]
[JsonDerivedType(typeof(SessionEnded), "ended")]
[JsonDerivedType(typeof(SessionKeptAlive), "keptAlive")]
[JsonDerivedType(typeof(MovieNightStarted), "movieNight")]
[JsonDerivedType(typeof(CardsDealt), "cardsDealt")]
[JsonDerivedType(typeof(MovieSuggested), "movieSuggested")]
[JsonDerivedType(typeof(Swiped), "swiped")]
[JsonDerivedType(typeof(MoviePicked), "moviePicked")]
[JsonDerivedType(typeof(WatchPlaybackChanged), "watchPlayback")]
[JsonDerivedType(typeof(WatchFileChosen), "watchFile")]
[JsonDerivedType(typeof(WatchControlChanged), "watchControl")]
[JsonDerivedType(typeof(WatchWaitChanged), "watchWait")]
[JsonDerivedType(typeof(WatchReadyCheckStarted), "watchReadyCheck")]
[JsonDerivedType(typeof(WatchReadyMarked), "watchReady")]
[JsonDerivedType(typeof(WatchReadyCheckEnded), "watchReadyCheckEnded")]
[JsonDerivedType(typeof(WatchPlatformChosen), "watchPlatform")]
[JsonDerivedType(typeof(PreferencesChanged), "preferencesChanged")]
[JsonDerivedType(typeof(DeckReadyCheckStarted), "deckReadyCheck")]
[JsonDerivedType(typeof(DeckReadyMarked), "deckReady")]
[JsonDerivedType(typeof(DeckOpened), "deckOpened")]
[JsonDerivedType(typeof(Unswiped), "unswiped")]
[JsonDerivedType(typeof(ClassroomStarted), "classroom")]
[JsonDerivedType(typeof(QuestionAsked), "questionAsked")]
[JsonDerivedType(typeof(QuestionEdited), "questionEdited")]
[JsonDerivedType(typeof(QuestionDeleted), "questionDeleted")]
[JsonDerivedType(typeof(QuestionUpvoted), "questionUpvoted")]
[JsonDerivedType(typeof(QuestionApproved), "questionApproved")]
[JsonDerivedType(typeof(QuestionAnswered), "questionAnswered")]
[JsonDerivedType(typeof(QuestionPinned), "questionPinned")]
[JsonDerivedType(typeof(QuestionHidden), "questionHidden")]
[JsonDerivedType(typeof(QuestionRemoved), "questionRemoved")]
[JsonDerivedType(typeof(QuestionRestored), "questionRestored")]
[JsonDerivedType(typeof(BlockedWordsSet), "blockedWordsSet")]
[JsonDerivedType(typeof(AskingBanChanged), "askingBanChanged")]
[JsonDerivedType(typeof(PollCreated), "pollCreated")]
[JsonDerivedType(typeof(PollLaunched), "pollLaunched")]
[JsonDerivedType(typeof(PollClosed), "pollClosed")]
[JsonDerivedType(typeof(PollDeleted), "pollDeleted")]
[JsonDerivedType(typeof(PollAnswered), "pollAnswered")]
[JsonDerivedType(typeof(PollLeaderboardShown), "pollLeaderboardShown")]
[JsonDerivedType(typeof(CoachingRoomOpened), "coachingRoom")]
[JsonDerivedType(typeof(NotesUpdated), "notesUpdated")]
[JsonDerivedType(typeof(OwnerTokenReissued), "ownerTokenReissued")]
public abstract record SessionEvent;

public sealed record SessionCreated(Guid Id, string Code, SessionKind Kind, string Title, SessionSettings Settings, long At)
    : SessionEvent;

/// <summary><c>DeviceHash</c>: the joining browser's device id, hashed with the session id (null for older commits and clients without one).</summary>
public sealed record ParticipantJoined(string ParticipantId, string Name, string TokenHash, long At, string? DeviceHash = null) : SessionEvent;

public sealed record PresenceChanged(string ParticipantId, bool Present, long At) : SessionEvent;

public sealed record ParticipantLeft(string ParticipantId, long At) : SessionEvent;

/// <summary>A kick is a ban for the session: the participant's token and device stay refused until <see cref="ParticipantUnbanned"/>.</summary>
public sealed record ParticipantKicked(string ParticipantId) : SessionEvent;

/// <summary>The host lifted a ban: the participant may join again (with their token or by name from that device).</summary>
public sealed record ParticipantUnbanned(string ParticipantId) : SessionEvent;

/// <summary>The host role moves; <c>ParticipantId</c> null leaves it vacant until someone is present.</summary>
public sealed record HostChanged(string? ParticipantId, string? PreviousHostId, string Reason) : SessionEvent;

public sealed record RoleChanged(string ParticipantId, Role Role) : SessionEvent;

public sealed record SettingsChanged(SessionSettings Settings) : SessionEvent;

public sealed record ItemAdded(
    string ItemId,
    string CatalogId,
    string Title,
    string Artist,
    string Genre,
    int DurationSeconds,
    string AddedById,
    string AddedByName,
    long At) : SessionEvent;

public sealed record ItemRemoved(string ItemId) : SessionEvent;

public sealed record VoteCast(string ItemId, string ParticipantId, int Value) : SessionEvent;

/// <summary>A moderator put the item first after the pinned ones (a later move goes ahead of it).</summary>
public sealed record ItemMovedToTop(string ItemId) : SessionEvent;

/// <summary>A moderator pinned (or unpinned) the item: pinned items stay first, in the order they were pinned.</summary>
public sealed record ItemPinned(string ItemId, bool Pinned) : SessionEvent;

/// <summary>The current item (if any) goes to history and <c>NextItemId</c> (if any) starts at 0:00.</summary>
/// <summary><paramref name="ById"/> is who pressed "next" (null for skips, autoPlay and older commits).</summary>
public sealed record NowPlayingChanged(string? NextItemId, long At, string Reason, string? ById = null) : SessionEvent;

public sealed record PlaybackChanged(bool IsPlaying, double PositionSeconds, long At) : SessionEvent;

public sealed record SkipVoteCast(string ParticipantId) : SessionEvent;

public sealed record SessionEnded(string Reason, long At) : SessionEvent;

/// <summary>Someone answered <c>sessionExpiring</c> with "keep it open": a commit, so every node's sweeper sees the activity.</summary>
public sealed record SessionKeptAlive(string ParticipantId) : SessionEvent;

/// <summary>One acknowledged mutation: a version and the events it consists of.</summary>
public sealed record Commit(long Version, long At, IReadOnlyList<SessionEvent> Events);

public static class SessionEventJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(IReadOnlyList<SessionEvent> events) =>
        JsonSerializer.Serialize(events, Options);

    public static IReadOnlyList<SessionEvent> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<SessionEvent>>(json, Options)
        ?? throw new InvalidDataException("A stored commit holds no events.");
}
