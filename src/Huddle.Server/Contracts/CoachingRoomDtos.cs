using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

// Wire shapes of a coaching room (the live room of a coaching session in progress, docs/coaching.md).

/// <summary>The shared notes: the whole text, who wrote it last and when (null before anyone has).</summary>
public sealed record NotesDto(string Text, PersonRef? UpdatedBy, long? UpdatedAt);

/// <summary>A coaching room in the snapshot: which booking it belongs to, and its notes.</summary>
public sealed record CoachingRoomDto(Guid CoachingSessionId, NotesDto Notes);

/// <summary>Hub event <c>notesUpdated</c>: the notes' whole new text (last writer wins).</summary>
public sealed record NotesUpdatedEvent(long Version, string Text, PersonRef? UpdatedBy, long UpdatedAt);

/// <summary>
/// <c>GET /api/sessions/{id}/room</c>: the room of a booking, for its parties, while it is open and
/// after it ended (the notes stay readable for the engine's retention period).
/// </summary>
public sealed record LiveRoomDto(
    string Code, string Status, string? EndReason, long Version, NotesDto Notes, IReadOnlyList<ParticipantDto> Participants)
{
    /// <summary>The session's video link while it is in progress (the coach's own, or the generated room).</summary>
    public string? MeetingLink { get; init; }
}

public static class CoachingRoomMap
{
    public static PersonRef? PersonRef(this Session s, string? participantId) =>
        participantId is not null && s.Find(participantId) is { } p ? new PersonRef(p.Id, p.Name) : null;

    public static NotesDto NotesDto(this Session s, CoachingRoom room) =>
        new(room.Notes, s.PersonRef(room.NotesUpdatedBy), room.NotesUpdatedAt);

    public static CoachingRoomDto? CoachingRoomDto(this Session s) =>
        s.CoachingRoom is { } room ? new CoachingRoomDto(room.CoachingSessionId, s.NotesDto(room)) : null;

    public static LiveRoomDto LiveRoomDto(this Session s, CoachingRoom room) =>
        new(s.Code, WireNames.Of(s.Status), s.EndReason, s.Version, s.NotesDto(room), s.Participants.Where(p => !p.Kicked).Select(Map.ToDto).ToList());
}
