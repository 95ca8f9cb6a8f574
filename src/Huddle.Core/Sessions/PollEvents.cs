namespace Huddle.Core.Sessions;

// Events of a classroom's polls. Like questions, an answer records who gave it even in an anonymous
// poll (one answer per person, changing it, the quiz score), but an anonymous poll's answerers never
// leave the server: results are counts, and the CSV prints "anonymous".

/// <summary>A poll's events; they are classroom events, so the classroom applies and projects them.</summary>
public abstract record PollEvent(string PollId) : ClassroomEvent;

/// <summary>
/// A poll prepared (a draft until launched). <c>Correct</c>: the right option of a quiz (null otherwise).
/// <c>AllowChange</c>: answers may change until close; <c>Named</c>: answers carry the answerer's name;
/// <c>ResultsLive</c>: participants see the results while it is open (else only at close).
/// </summary>
public sealed record PollCreated(
    string PollId, string ById, PollKind Kind, string Question, IReadOnlyList<string> Options, int? Correct,
    bool AllowChange, bool Named, bool ResultsLive, long At) : PollEvent(PollId);

public sealed record PollLaunched(string PollId, string ById, long At) : PollEvent(PollId);

public sealed record PollClosed(string PollId, string ById, long At) : PollEvent(PollId);

public sealed record PollDeleted(string PollId, string ById) : PollEvent(PollId);

/// <summary>An answer, or a changed one: <c>Choices</c> are option indexes (a rating is its value 1–5); <c>Text</c> for an open-text poll.</summary>
public sealed record PollAnswered(
    string PollId, string ParticipantId, string ParticipantName, IReadOnlyList<int> Choices, string? Text, long At) : PollEvent(PollId);

/// <summary>The host shows (or hides) the quiz leaderboard to everyone with this closed quiz's results.</summary>
public sealed record PollLeaderboardShown(string PollId, bool Shown) : PollEvent(PollId);
