using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

// Wire shapes of the classroom kind (SPEC §5.4 question). An anonymous question's author is null
// for every client, its own author included: the author's client knows its questions from
// myQuestions (snapshot) and from AskQuestion's answer, so the identity never has to travel.

/// <summary>
/// A question. <c>Mine</c> is true only in lists made for one viewer (the snapshot, AskQuestion's
/// answer, an author's own list); a client also knows its own from <c>myQuestions</c>.
/// </summary>
public sealed record QuestionDto(
    string ItemId, string Text, PersonRef? Author, string Status, bool Pinned, int Score, long AskedAt,
    long? AnsweredAt, long? EditedAt, bool Anonymous, bool Mine);

/// <summary>A classroom in the snapshot: the questions this participant may see, their upvotes and their own questions.</summary>
public sealed record ClassroomDto(IReadOnlyList<QuestionDto> Questions, IReadOnlyList<string> MyUpvotes, IReadOnlyList<string> MyQuestions)
{
    /// <summary>The polls this participant may see (drafts for moderators and the host), in creation order.</summary>
    public IReadOnlyList<PollDto> Polls { get; init; } = [];

    /// <summary>This participant's own answers.</summary>
    public IReadOnlyList<MyPollAnswerDto> MyPollAnswers { get; init; } = [];

    /// <summary>The word filter and bans from asking (moderators and the host), or this participant's own ban.</summary>
    public ModerationDto? Moderation { get; init; }
}

/// <summary>
/// The list this client may see, in display order (see <see cref="Classroom.VisibleTo"/>). Since the
/// deltas (<see cref="QuestionUpdatedEvent"/>) it goes only to a participant whose view changed as a
/// whole: a role change or a host hand-over.
/// </summary>
public sealed record QuestionsUpdatedEvent(long Version, IReadOnlyList<QuestionDto> Questions);

/// <summary>An upvote changed one open question's score; clients re-sort (pinned, score desc, then their current order).</summary>
public sealed record QuestionScoreUpdatedEvent(long Version, string ItemId, int Score);

/// <summary>What <c>UpvoteQuestion</c> answers.</summary>
public sealed record UpvoteResultDto(string ItemId, int Value, int Score);

public static class ClassroomMap
{
    public static QuestionDto ToDto(this Question q, Classroom room, string? viewerId) =>
        new(q.ItemId, q.Text, q.Anonymous ? null : new PersonRef(q.AuthorId, q.AuthorName), QuestionStatuses.Of(q),
            room.IsPinned(q), q.Score, q.AskedAt, q.AnsweredAt, q.EditedAt, q.Anonymous, viewerId is not null && q.AuthorId == viewerId);

    /// <summary>The list one viewer may see; <paramref name="viewerId"/> null for the public list (open and answered only).</summary>
    public static IReadOnlyList<QuestionDto> QuestionsFor(this Session s, string? viewerId, bool staff, bool personal)
    {
        var room = s.Classroom!;
        return room.VisibleTo(viewerId, staff).Select(q => q.ToDto(room, personal ? viewerId : null)).ToList();
    }

    public static ClassroomDto? ClassroomDto(this Session s, string participantId)
    {
        if (s.Classroom is not { } room) return null;
        var staff = s.IsStaff(participantId);
        return new ClassroomDto(
            s.QuestionsFor(participantId, staff, personal: true),
            room.Questions.Where(q => q.HasUpvoteOf(participantId)).Select(q => q.ItemId).ToList(),
            room.Questions.Where(q => q.AuthorId == participantId && q.IsVisibleTo(participantId, staff)).Select(q => q.ItemId).ToList())
        {
            Polls = room.PollsFor(staff),
            MyPollAnswers = room.MyPollAnswers(participantId, staff),
            Moderation = s.ModerationFor(participantId, staff),
        };
    }

    /// <summary>What anyone may read of a classroom by its code, ended or not: open and answered questions.</summary>
    public static IReadOnlyList<QuestionDto>? PublicQuestionsDto(this Session s) =>
        s.Classroom is null ? null : s.QuestionsFor(null, staff: false, personal: false);
}
