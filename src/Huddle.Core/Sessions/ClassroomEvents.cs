namespace Huddle.Core.Sessions;

// Events of a classroom (live Q&A). The author's id and name are recorded even for an anonymous
// question: the server needs them (edit and delete rights, the author's own view, the rate limit),
// but they never leave it for other clients (see the publisher and the CSV export).

/// <summary>A classroom session's events; <see cref="Session.Apply(Commit)"/> hands them to the classroom.</summary>
public abstract record ClassroomEvent : SessionEvent;

/// <summary>
/// In the session's first commit: the per-host limit of active classrooms in force at creation;
/// <c>OwnerAccountId</c>, the account a signed-in teacher created it with (null: a name-only room);
/// <c>BlockedWords</c>, the operator's default word filter it starts with (null or empty: off).
/// </summary>
public sealed record ClassroomStarted(int HostSessionLimit, Guid? OwnerAccountId = null, IReadOnlyList<string>? BlockedWords = null) : ClassroomEvent;

/// <summary>A question; <c>NeedsApproval</c> puts it in the moderation queue (status pending).</summary>
public sealed record QuestionAsked(
    string ItemId, string AuthorId, string AuthorName, string Text, bool Anonymous, bool NeedsApproval, long At) : ClassroomEvent;

/// <summary>The author changed the text; <c>BackToApproval</c> when moderation must see it again.</summary>
public sealed record QuestionEdited(string ItemId, string Text, bool BackToApproval, long At) : ClassroomEvent;

public sealed record QuestionDeleted(string ItemId, string ById) : ClassroomEvent;

/// <summary>An upvote (<c>Value</c> 1) or its removal (0).</summary>
public sealed record QuestionUpvoted(string ItemId, string ParticipantId, int Value) : ClassroomEvent;

public sealed record QuestionApproved(string ItemId, string ById, long At) : ClassroomEvent;

public sealed record QuestionAnswered(string ItemId, string ById, long At) : ClassroomEvent;

/// <summary>The one pinned question; <c>ItemId</c> null unpins.</summary>
public sealed record QuestionPinned(string? ItemId, string ById) : ClassroomEvent;

public sealed record QuestionHidden(string ItemId, string ById, long At) : ClassroomEvent;
