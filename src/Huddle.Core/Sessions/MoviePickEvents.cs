using Huddle.Core.Movies;

namespace Huddle.Core.Sessions;

// Events of the pick's own options (issue 21): the host changing the filters mid-pick, the ready check
// before the deck opens, and withdrawing a swipe. Like every movie event they carry what was decided,
// so a replay never needs the catalog.

/// <summary>
/// The host (or a moderator) changed the preferences: <c>Dropped</c> are the cards that left the deck (they
/// no longer match and were no match); the new deal follows in the same commit as a <see cref="CardsDealt"/>.
/// </summary>
public sealed record PreferencesChanged(MoviePreferences Preferences, IReadOnlyList<int> Dropped, string ById, long At) : MovieEvent;

/// <summary>The deck is closed until everyone present is ready (the host counts as ready) or the host opens it.</summary>
public sealed record DeckReadyCheckStarted(long At) : MovieEvent;

/// <summary>A member tapped "Ready" for the deck.</summary>
public sealed record DeckReadyMarked(string ParticipantId) : MovieEvent;

/// <summary>The deck opens for everyone: all were ready (<c>ById</c> null) or the host opened it anyway.</summary>
public sealed record DeckOpened(string? ById) : MovieEvent;

/// <summary>A participant withdrew their like or pass on a card: it no longer counts (a match it made stays).</summary>
public sealed record Unswiped(int MovieId, string ParticipantId) : MovieEvent;
