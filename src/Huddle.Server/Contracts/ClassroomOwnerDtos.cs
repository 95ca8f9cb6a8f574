using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

/// <summary>
/// Who hosts a session just created or reopened (the seed's "user summary"): the host's participant,
/// the display name shown to the room, and the owning account for a signed-in teacher's classroom
/// (null: a name-only room, counted against the name).
/// </summary>
public sealed record HostUserDto(string ParticipantId, string DisplayName, Guid? AccountId);

/// <summary><c>POST /api/classrooms</c>: a classroom owned by the signed-in account; the host name defaults to the account's name.</summary>
public sealed record CreateClassroomRequest(string? HostName, string? Title, SettingsPatch? Settings, bool? DefaultBlockedWords);

/// <summary>One of "My rooms": times in Unix ms like the session summary's.</summary>
public sealed record OwnedClassroomDto(
    Guid Id, string Code, string Title, string Status, long CreatedAt, long? EndedAt, int Questions, string JoinUrl);
