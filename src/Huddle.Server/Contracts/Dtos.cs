using System.Text.Json;
using System.Text.Json.Serialization;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

// Wire shapes (SPEC §5.4). Domain objects never go to JSON directly: tokens and token hashes
// live on the domain side and are mapped away here.

public sealed record PersonRef(string ParticipantId, string Name);

public sealed record ParticipantDto(string ParticipantId, string Name, string Role, bool Present, long JoinedAt);

/// <summary>What is playing: a queued song (jam) or the picked film (movie), serialized as itself.</summary>
[JsonDerivedType(typeof(QueueItemDto))]
[JsonDerivedType(typeof(MovieCardDto))]
public interface IPlayingDto;

public sealed record QueueItemDto(
    string ItemId, string CatalogId, string Title, string Artist, string Genre, int DurationSeconds,
    PersonRef AddedBy, long AddedAt, int Score, int Upvotes, int Downvotes, bool Pinned = false) : IPlayingDto;

public sealed record HistoryItemDto(
    string ItemId, string CatalogId, string Title, string Artist, string Genre, int DurationSeconds,
    PersonRef AddedBy, long AddedAt, int Score, long PlayedAt);

public sealed record PlaybackDto(bool IsPlaying, double PositionSeconds, long UpdatedAt);

public sealed record NowPlayingDto(IPlayingDto Item, PlaybackDto Playback, long StartedAt);

public sealed record SkipDto(int Votes, int Needed);

public sealed record SettingsDto(
    bool AllowVoting, int MaxQueueSize, bool AutoPlay, double SkipThreshold, bool AllowAnonymous, bool Moderation, int MaxParticipants,
    string MatchRule, bool AutoDj, int MaxQueuedPerPerson, int AddCooldownSeconds, string QueueOrder, bool LockAdding)
{
    /// <summary>Movie nights: the first match ends the pick and becomes the film.</summary>
    public bool EndAtFirstMatch { get; init; }

    /// <summary>Movie nights: each new deck (at create, after new filters) opens behind a ready check.</summary>
    public bool DeckReadyCheck { get; init; }
}

public sealed record SessionInfoDto(
    Guid Id, string Code, string Kind, string Title, string Status, SettingsDto Settings, long Version, string? HostId, long CreatedAt);

public sealed record YouDto(string ParticipantId, string ParticipantToken, string Role);

public sealed record SnapshotDto(
    SessionInfoDto Session,
    YouDto You,
    IReadOnlyList<ParticipantDto> Participants,
    IReadOnlyList<QueueItemDto> Queue,
    IReadOnlyDictionary<string, int> MyVotes,
    NowPlayingDto? NowPlaying,
    IReadOnlyList<HistoryItemDto> History,
    SkipDto Skip,
    bool MySkipVote,
    long ServerTime)
{
    /// <summary>The movie deck (movie sessions only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MovieDeckDto? Deck { get; init; }

    /// <summary>The questions (classroom sessions only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClassroomDto? Classroom { get; init; }

    /// <summary>The booking and shared notes (coaching rooms only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CoachingRoomDto? CoachingRoom { get; init; }

    /// <summary>Set while the host is away (all their connections closed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HostAwayDto? HostAway { get; init; }
}

/// <summary>A library song. <c>CoverUrl</c> is null when the server has no cover art for it; <c>Track</c> 0 is unknown.</summary>
public sealed record SongDto(
    string Id, string Title, string Artist, string Album, int Year, string Genre, int DurationSeconds, bool HasAudio,
    int Track, bool HasCover, string? CoverUrl);

/// <summary>
/// Where the library's audio comes from, for the host's screen (<c>GET /api/songs/library</c>).
/// <c>ScannedAt</c> (Unix ms) is the end of the folder's latest scan, null until the first one ended.
/// </summary>
public sealed record MusicLibraryDto(string? Folder, string FolderOrigin, int SongsWithAudio, int CatalogOnlySongs, long? ScannedAt);

public sealed record SongPageDto(IReadOnlyList<SongDto> Items, int Count);

public sealed record SessionSummaryDto(
    Guid Id, string Code, string Kind, string Title, string Status, string? HostName, int ParticipantCount,
    long CreatedAt, long? EndedAt, string JoinUrl, IReadOnlyList<HistoryItemDto> History)
{
    /// <summary>A movie night's results (movie sessions only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MovieResultsDto? Movie { get; init; }

    /// <summary>A classroom's open and answered questions, readable after it ended (classroom sessions only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<QuestionDto>? Questions { get; init; }

    /// <summary>A classroom's closed polls with their results, readable after it ended (classroom sessions only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PollDto>? Polls { get; init; }
}

/// <summary><c>DefaultBlockedWords: false</c> starts a classroom without the operator's default word filter.</summary>
public sealed record CreateSessionRequest(string? Kind, string? HostName, string? Title, SettingsPatch? Settings, JsonElement? Preferences)
{
    public bool? DefaultBlockedWords { get; init; }
}

public sealed record CreatedSessionDto(
    Guid Id, string Code, string Kind, string Title, string JoinUrl, string ParticipantId, string ParticipantToken, SnapshotDto Snapshot)
{
    /// <summary>The host (see <see cref="HostUserDto"/>).</summary>
    public HostUserDto? Host { get; init; }
}

// Server → client events; each carries the session version it brings the client to.
public sealed record ParticipantJoinedEvent(long Version, ParticipantDto Participant);

/// <summary><c>HostAway</c> is set when the participant whose last connection closed is the host.</summary>
public sealed record ParticipantLeftEvent(
    long Version, string ParticipantId, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HostAwayDto? HostAway = null);

public sealed record HostChangedEvent(long Version, string? ParticipantId, string? PreviousHostId, string Reason);

public sealed record RoleChangedEvent(long Version, string ParticipantId, string Role);

public sealed record QueueUpdatedEvent(long Version, IReadOnlyList<QueueItemDto> Queue);

/// <summary>One item's new tally and its new 0-based place in the queue (the others keep their order).</summary>
public sealed record VoteUpdatedEvent(long Version, string ItemId, int Score, int Upvotes, int Downvotes, int Position);

/// <summary>
/// Consecutive <see cref="VoteUpdatedEvent"/>s (versions <paramref name="FromVersion"/> to <paramref name="Version"/>)
/// that waited in a busy session's outbox, sent as one frame; apply <paramref name="Votes"/> in order.
/// </summary>
public sealed record VotesUpdatedEvent(long Version, long FromVersion, IReadOnlyList<VoteUpdatedEvent> Votes);

/// <summary>A moderator moved or (un)pinned one item: its new 0-based place (the others keep their order).</summary>
public sealed record ItemMovedEvent(long Version, string ItemId, int Position, bool Pinned);

public sealed record NowPlayingEvent(long Version, IPlayingDto? Item, PlaybackDto? Playback, string Reason);

public sealed record PlaybackUpdatedEvent(long Version, PlaybackDto Playback)
{
    /// <summary>Who played, paused or sought the watch party's film (absent when the party did it itself, and in a jam).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ById { get; init; }
}

public sealed record HistoryUpdatedEvent(long Version, IReadOnlyList<HistoryItemDto> History);

public sealed record SkipUpdatedEvent(long Version, int Votes, int Needed);

public sealed record SettingsUpdatedEvent(long Version, SettingsDto Settings);

public sealed record KickedEvent(long Version, string Reason);

public sealed record ParticipantUnbannedEvent(long Version, string ParticipantId);

/// <summary>One ban, as the host sees it: never the device hash or the token.</summary>
public sealed record BanDto(string ParticipantId, string Name, long JoinedAt);

public sealed record ReconnectEvent(string Reason, int RetryAfterMs);

public sealed record SessionEndedEvent(long Version, string Reason)
{
    /// <summary>A movie night's end summary (movie sessions only), the same as the session summary's <c>movie</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MovieResultsDto? Movie { get; init; }
}

public sealed record SessionExpiringEvent(long Version, long ExpiresAt, string Reason);

public sealed record SessionKeptAliveEvent(long Version, string ParticipantId);

public sealed record RelayEvent(string EventName, JsonElement Data, string SenderId);

/// <summary>A reaction during the watch party: relayed, never stored, so it has no version.</summary>
public sealed record ReactionEvent(string Emoji, string ById, string ByName, long At);

public static class Map
{
    public static SongDto ToDto(this Song s) =>
        new(s.Id, s.Title, s.Artist, s.Album, s.Year, s.Genre, s.DurationSeconds, s.HasAudio, s.Track, s.HasCover,
            // The cover's version in the address: a changed cover is a new URL, so the old one may be cached long.
            s.CoverTag is null ? null : $"/api/songs/{Uri.EscapeDataString(s.Id)}/cover?v={s.CoverTag}");

    public static ParticipantDto ToDto(this Participant p) =>
        new(p.Id, p.Name, WireNames.Of(p.Role), p.Present, p.JoinedAt);

    public static BanDto ToBanDto(this Participant p) => new(p.Id, p.Name, p.JoinedAt);

    public static QueueItemDto ToDto(this QueueItem i) =>
        new(i.ItemId, i.Song.CatalogId, i.Song.Title, i.Song.Artist, i.Song.Genre, i.Song.DurationSeconds,
            new PersonRef(i.AddedById, i.AddedByName), i.AddedAt, i.Score, i.Upvotes, i.Downvotes, i.Pinned);

    public static HistoryItemDto ToDto(this PlayedItem p) =>
        new(p.Item.ItemId, p.Item.Song.CatalogId, p.Item.Song.Title, p.Item.Song.Artist, p.Item.Song.Genre,
            p.Item.Song.DurationSeconds, new PersonRef(p.Item.AddedById, p.Item.AddedByName), p.Item.AddedAt, p.FinalScore, p.PlayedAt);

    public static PlaybackDto ToDto(this PlaybackState p) => new(p.IsPlaying, p.PositionSeconds, p.UpdatedAt);

    public static NowPlayingDto ToDto(this NowPlaying n) => new(n.Item.ToDto(), n.Playback.ToDto(), n.StartedAt);

    public static SettingsDto ToDto(this SessionSettings s) =>
        new(s.AllowVoting, s.MaxQueueSize, s.AutoPlay, s.SkipThreshold, s.AllowAnonymous, s.Moderation, s.MaxParticipants,
            MatchRules.Of(s.MatchRule), s.AutoDj, s.MaxQueuedPerPerson, s.AddCooldownSeconds, QueueOrders.Of(s.QueueOrder), s.LockAdding)
        {
            EndAtFirstMatch = s.EndAtFirstMatch,
            DeckReadyCheck = s.DeckReadyCheck,
        };

    public static IReadOnlyList<QueueItemDto> QueueDto(this Session s) => s.Queue.Select(ToDto).ToList();

    public static IReadOnlyList<HistoryItemDto> HistoryDto(this Session s) => s.History.Select(ToDto).ToList();

    public static SessionInfoDto InfoDto(this Session s) =>
        new(s.Id, s.Code, WireNames.Of(s.Kind), s.Title, WireNames.Of(s.Status), s.Settings.ToDto(), s.Version, s.HostId, s.CreatedAt);

    /// <summary>Everything one participant needs to render the session; the token is filled in by the caller.</summary>
    public static SnapshotDto Snapshot(this Session s, string participantId, string participantToken, long serverTime, TimeSpan hostGrace)
    {
        var me = s.Find(participantId);
        var myVotes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in s.Queue)
        {
            var vote = item.VoteOf(participantId);
            if (vote != 0) myVotes[item.ItemId] = vote;
        }

        var (votes, needed) = s.SkipTally();
        return new SnapshotDto(
            s.InfoDto(),
            new YouDto(participantId, participantToken, WireNames.Of(me?.Role ?? Role.Member)),
            s.Participants.Where(p => !p.Kicked).Select(ToDto).ToList(),
            s.QueueDto(),
            myVotes,
            s.NowPlaying?.ToDto() ?? s.MovieNight?.Watching?.ToDto(),
            s.HistoryDto(),
            new SkipDto(votes, needed),
            s.SkipVotes.Contains(participantId),
            serverTime)
        {
            Deck = s.DeckDto(participantId),
            Classroom = s.ClassroomDto(participantId),
            CoachingRoom = s.CoachingRoomDto(),
            HostAway = s.HostAwayDto(hostGrace),
        };
    }
}
