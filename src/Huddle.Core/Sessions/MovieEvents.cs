using Huddle.Core.Movies;

namespace Huddle.Core.Sessions;

// Events of a movie night. They carry the whole card data (title, runtime, providers…) that the
// catalog gave when the command was decided, so replaying the log — on a restart, or on another
// node — never needs the catalog, and every node rebuilds exactly the deck that was acknowledged.

/// <summary>A movie session's events; <see cref="Session.Apply(Commit)"/> hands them to the movie night.</summary>
public abstract record MovieEvent : SessionEvent;

/// <summary>The host's preferences and the session's deck seed, in the session's first commit.</summary>
public sealed record MovieNightStarted(MoviePreferences Preferences, long Seed) : MovieEvent;

/// <summary>
/// Cards join the deck in this order. <c>ById</c> is who dealt them (null for the first deck);
/// <c>Notice</c> is the catalog's fallback notice for this answer (null when TMDB answered, or offline by choice).
/// </summary>
public sealed record CardsDealt(IReadOnlyList<MovieCard> Cards, string? ById, string? Notice, long At) : MovieEvent;

/// <summary>A participant's film, found by search, joins the deck.</summary>
public sealed record MovieSuggested(MovieCard Card, string ById, string ByName, string? Notice, long At) : MovieEvent;

/// <summary>A participant likes or passes a card (a later swipe on the same card replaces it).</summary>
public sealed record Swiped(int MovieId, string ParticipantId, bool Like) : MovieEvent;

/// <summary>The host's pick becomes the watch party's film, paused at 0:00.</summary>
public sealed record MoviePicked(int MovieId, string ById, long At) : MovieEvent;

/// <summary>
/// Play, pause or seek of the picked film, on the server's clock. <c>ById</c> is who pressed it (every
/// device says "Ana paused"); null when the party itself paused or resumed (someone buffers, a new file)
/// and in commits recorded before it existed.
/// </summary>
public sealed record WatchPlaybackChanged(bool IsPlaying, double PositionSeconds, long At, string? ById = null) : MovieEvent;

/// <summary>The film folder's file the watch party plays (null: none); <c>Title</c> is the file's title as the folder names it.</summary>
public sealed record WatchFileChosen(string? FileId, string? Title, string ById) : MovieEvent;

/// <summary>Whether everyone, not only the host and moderators, may play, pause and seek.</summary>
public sealed record WatchControlChanged(bool Everyone) : MovieEvent;

/// <summary>Who is buffering, and whether the party resumes when they are all ready (SyncPlay's Waiting state).</summary>
public sealed record WatchWaitChanged(IReadOnlyList<string> Buffering, bool ResumeWhenReady) : MovieEvent;

/// <summary>The host asks "Ready?" before the film starts; the host counts as ready.</summary>
public sealed record WatchReadyCheckStarted(string ById, long At) : MovieEvent;

/// <summary>A member tapped "Ready".</summary>
public sealed record WatchReadyMarked(string ParticipantId) : MovieEvent;

/// <summary>The ready check is over: everyone was ready, or someone pressed play anyway.</summary>
public sealed record WatchReadyCheckEnded : MovieEvent;

/// <summary>The host chose the streaming platform the party watches on (null: none); a platform replaces the film folder's file.</summary>
public sealed record WatchPlatformChosen(WatchPlatform? Platform, string ById) : MovieEvent;
