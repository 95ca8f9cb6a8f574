namespace Huddle.Core.Application;

/// <summary>
/// One question as the classroom tables hold it (the CSV export). <c>AuthorName</c> is null for an
/// anonymous question: the query never reads the author of one.
/// </summary>
public sealed record QuestionRow(
    string ItemId, string Text, string Status, bool Pinned, bool Anonymous, string? AuthorName, int Votes,
    long AskedAt, long? EditedAt, long? AnsweredAt);

/// <summary>
/// One poll answer as the tables hold it (the CSV export); <c>Choices</c> is null for a poll nobody
/// answered. <c>AnswererName</c> is null for an anonymous poll: the query never reads who answered one.
/// </summary>
public sealed record PollAnswerRow(
    string PollId, string Kind, string Question, string Status, IReadOnlyList<string> Options, int? Correct, bool Named,
    string? AnswererName, IReadOnlyList<int>? Choices, string? Text, long? AnsweredAt);

/// <summary>Reads the classroom tables (SQL over the projection, not the in-memory session).</summary>
public interface IClassroomStore
{
    /// <summary>Every question of the session, oldest first.</summary>
    Task<IReadOnlyList<QuestionRow>> ExportQuestionsAsync(Guid sessionId, CancellationToken ct);

    /// <summary>Every poll of the session with each answer (a poll without answers: one row with none), oldest first.</summary>
    Task<IReadOnlyList<PollAnswerRow>> ExportPollsAsync(Guid sessionId, CancellationToken ct);

    /// <summary>The classrooms an account created ("My rooms"; ended ones until retention purges them), newest first.</summary>
    Task<IReadOnlyList<OwnedClassroomRow>> ListOwnedAsync(Guid accountId, int limit, CancellationToken ct);
}

/// <summary>
/// One classroom an account owns, as the tables hold it (the "My rooms" list): <c>Status</c> is
/// <c>active</c> or <c>ended</c>; times in Unix ms.
/// </summary>
public sealed record OwnedClassroomRow(Guid SessionId, string Code, string Title, string Status, long CreatedAt, long? EndedAt, int Questions);
