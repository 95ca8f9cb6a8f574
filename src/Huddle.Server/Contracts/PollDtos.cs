using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

// Wire shapes of a classroom's polls. Answerers never travel: results are counts (and a word cloud),
// the quiz leaderboard shows display names only (a quiz is always named). A participant's own answer
// comes from the snapshot's myPollAnswers and from AnswerPoll's answer.

/// <summary>
/// A poll as one audience sees it. <c>Results</c> is null while a participant may not see them (results
/// at close); <c>Correct</c> is a quiz's right option, for participants only once closed; <c>Leaderboard</c>
/// on a closed quiz, for participants only once the host shows it.
/// </summary>
public sealed record PollDto(
    string PollId, string Kind, string Question, IReadOnlyList<string> Options, string Status, bool AllowChange, bool Named,
    bool ResultsLive, int AnswerCount, long CreatedAt, long? LaunchedAt, long? ClosedAt, PollResultsDto? Results, int? Correct,
    bool LeaderboardShown, IReadOnlyList<QuizScoreDto>? Leaderboard);

/// <summary>Answers per option (a rating: per value 1–5), the word cloud of an open-text poll, a rating's average.</summary>
public sealed record PollResultsDto(IReadOnlyList<int> Counts, IReadOnlyList<PollWordDto> Words, double? Average);

public sealed record PollWordDto(string Text, int Count);

public sealed record QuizScoreDto(string Name, int Score);

/// <summary>A participant's own answer (and, once a quiz closed, whether it was right).</summary>
public sealed record MyPollAnswerDto(string PollId, IReadOnlyList<int> Choices, string? Text, bool? Correct);

/// <summary>
/// One poll changed: the poll as this audience sees it and its position in their list (creation order),
/// or <c>Poll</c> null when it is not (or no longer) in their list: deleted, or a draft for a participant.
/// </summary>
public sealed record PollUpdatedEvent(long Version, string PollId, PollDto? Poll, int Position);

public static class PollMap
{
    public static PollDto ToDto(this Poll p, PollBook book, bool staff)
    {
        var closed = p.Status == PollStatus.Closed;
        var results = staff || p.ResultsPublic
            ? new PollResultsDto(p.Counts(), p.Words().Select(w => new PollWordDto(w.Text, w.Count)).ToList(), p.Average())
            : null;
        var board = p.Kind == PollKind.Quiz && closed && (staff || p.LeaderboardShown)
            ? book.Leaderboard().Select(s => new QuizScoreDto(s.Name, s.Score)).ToList()
            : null;
        return new PollDto(
            p.PollId, PollNames.Of(p.Kind), p.Question, p.Options, PollNames.Of(p.Status), p.AllowChange, p.Named, p.ResultsLive,
            p.AnswerCount, p.CreatedAt, p.LaunchedAt, p.ClosedAt, results, staff || closed ? p.Correct : null, p.LeaderboardShown, board);
    }

    public static IReadOnlyList<PollDto> PollsFor(this Classroom room, bool staff) =>
        room.Polls.VisibleTo(staff).Select(p => p.ToDto(room.Polls, staff)).ToList();

    public static MyPollAnswerDto? MyAnswerDto(this Poll p, string participantId) =>
        p.AnswerOf(participantId) is { } a
            ? new MyPollAnswerDto(p.PollId, a.Choices, a.Text, p is { Kind: PollKind.Quiz, Status: PollStatus.Closed } ? p.IsCorrect(a) : null)
            : null;

    public static IReadOnlyList<MyPollAnswerDto> MyPollAnswers(this Classroom room, string participantId, bool staff) =>
        room.Polls.VisibleTo(staff).Select(p => p.MyAnswerDto(participantId)).OfType<MyPollAnswerDto>().ToList();

    /// <summary>What anyone may read of an ended classroom: its closed polls with their results.</summary>
    public static IReadOnlyList<PollDto>? PublicPollsDto(this Session s) =>
        s.Classroom is not { } room ? null : room.Polls.All.Where(p => p.Status == PollStatus.Closed).Select(p => p.ToDto(room.Polls, staff: false)).ToList();
}
