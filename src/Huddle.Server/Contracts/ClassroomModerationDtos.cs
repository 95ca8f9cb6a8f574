using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

// Wire shapes of issue 20: question deltas and the classroom's moderation state.

/// <summary>
/// One question changed (a delta): the question as this audience sees it and its position in this
/// audience's list; <c>Question</c> null takes it out of the list. <c>ItemId</c> null: this commit
/// changed only questions this client may not see (sent so the versions stay contiguous).
/// </summary>
public sealed record QuestionUpdatedEvent(long Version, string? ItemId, QuestionDto? Question, int Position);

/// <summary>
/// The moderation state a client may see: moderators and the host get the word filter and the bans
/// from asking; everyone else null for both, and whether they themselves may not ask.
/// </summary>
public sealed record ModerationDto(IReadOnlyList<string>? BlockedWords, IReadOnlyList<string>? BannedFromAsking, bool AskingBanned);

/// <summary>Consecutive <c>questionScoreUpdated</c> events that waited in a busy session's outbox, in one frame (like <c>votesUpdated</c>).</summary>
public sealed record QuestionScoresUpdatedEvent(long Version, long FromVersion, IReadOnlyList<QuestionScoreUpdatedEvent> Scores);

public sealed record ModerationUpdatedEvent(long Version, ModerationDto Moderation);

public static class ClassroomModerationMap
{
    public static ModerationDto ModerationFor(this Session s, string participantId, bool staff)
    {
        var room = s.Classroom!;
        return staff
            ? new ModerationDto(room.BlockedWords, room.BannedFromAsking.Order(StringComparer.Ordinal).ToList(), room.IsBannedFromAsking(participantId))
            : new ModerationDto(null, null, room.IsBannedFromAsking(participantId));
    }
}
