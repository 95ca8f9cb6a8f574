namespace Huddle.Core.Sessions;

// Moderation of a classroom (issue 20): removal with undo, the word filter, bans from asking.

/// <summary>A moderator or the host removed a question: only they see it (in the removed list) until restored.</summary>
public sealed record QuestionRemoved(string ItemId, string ById, long At) : ClassroomEvent;

/// <summary>A removed question comes back with the status it had.</summary>
public sealed record QuestionRestored(string ItemId, string ById, long At) : ClassroomEvent;

/// <summary>The word filter's list, as the host typed it (validated; compared folded, see <see cref="WordFilter"/>).</summary>
public sealed record BlockedWordsSet(IReadOnlyList<string> Words, string ById) : ClassroomEvent;

/// <summary>A participant may (<c>Banned</c> false) or may not ask; they still watch and vote either way.</summary>
public sealed record AskingBanChanged(string ParticipantId, bool Banned, string ById) : ClassroomEvent;
