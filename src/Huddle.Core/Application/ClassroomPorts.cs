namespace Huddle.Core.Application;

/// <summary>
/// One question as the classroom tables hold it (the CSV export). <c>AuthorName</c> is null for an
/// anonymous question: the query never reads the author of one.
/// </summary>
public sealed record QuestionRow(
    string ItemId, string Text, string Status, bool Pinned, bool Anonymous, string? AuthorName, int Votes,
    long AskedAt, long? EditedAt, long? AnsweredAt);

/// <summary>Reads the classroom tables (SQL over the projection, not the in-memory session).</summary>
public interface IClassroomStore
{
    /// <summary>Every question of the session, oldest first.</summary>
    Task<IReadOnlyList<QuestionRow>> ExportQuestionsAsync(Guid sessionId, CancellationToken ct);
}
