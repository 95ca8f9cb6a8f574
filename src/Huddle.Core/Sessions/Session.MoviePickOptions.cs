using Huddle.Core.Movies;

namespace Huddle.Core.Sessions;

/// <summary>
/// The pick's options (issue 21): the host changes course mid-pick (new filters, a new deal that keeps
/// everyone's choices on the films that stay), the deck waits behind a ready check so it opens for
/// everyone at once, a swipe can be withdrawn, and <c>endAtFirstMatch</c> makes the first match the pick
/// (derived in <see cref="MovieNight.FindMatches"/>, like every match).
/// </summary>
public sealed partial class Session
{
    /// <summary>
    /// Checks that the actor may change the preferences before the catalog is asked, and returns the
    /// session's region, seed and the films in the deck (the deal brings new ones): the region stays (the cards' platforms are the region's), so a request
    /// naming another one is refused rather than silently ignored.
    /// </summary>
    public (string Region, long Seed, IReadOnlyCollection<int> InDeck) PreparePreferenceChange(string actorId, string? region)
    {
        Require(actorId, Role.Moderator);
        var night = RequireMovieNight();
        if (region is not null && MoviePreferencesValidator.NormalizeRegion(region) != night.Preferences.Region)
            throw Errors.InvalidInput($"The region cannot change during the pick (it is {night.Preferences.Region}).");
        return (night.Preferences.Region, night.Seed, night.Cards.Select(c => c.MovieId).ToList());
    }

    /// <summary>
    /// New preferences (already validated against the catalog) and the catalog's deal for them. Cards that
    /// still fit stay with everyone's likes and passes; matches, suggestions and the picked film always
    /// stay (the group has seen or chosen them); the rest leave the deck. The deal's new films join after.
    /// </summary>
    public IReadOnlyList<SessionEvent> ChangePreferences(
        string actorId, MoviePreferences preferences, IReadOnlyList<MovieCard> cards, string? notice, long now)
    {
        Require(actorId, Role.Moderator);
        var night = RequireMovieNight();
        if (preferences.Region != night.Preferences.Region) throw Errors.InvalidInput("The region cannot change during the pick.");

        var dropped = night.Cards
            .Where(c => c.MatchedAt is null && c.SuggestedById is null && night.Watching?.Card != c && !Fits(preferences, c.Movie))
            .Select(c => c.MovieId)
            .ToList();
        var staying = night.Cards.Count - dropped.Count;
        // The catalog's deal already matches the preferences (and TMDB's card data can be thinner than
        // its filter, e.g. no platforms), so its films are not checked again.
        var fresh = cards
            .DistinctBy(c => c.MovieId)
            .Where(c => night.Find(c.MovieId) is null)
            .Take(MovieNight.MaxCards - staying)
            .ToList();
        if (fresh.Count == 0 && !night.Cards.Any(c => !dropped.Contains(c.MovieId) && Fits(preferences, c.Movie)))
            throw Errors.Conflict(ErrorCodes.NoMoreMovies, "No film matches these preferences. Loosen them a little.");

        List<SessionEvent> events = [new PreferencesChanged(preferences, dropped, actorId, now)];
        if (fresh.Count > 0) events.Add(new CardsDealt(fresh, actorId, notice, now));
        if (Settings.DeckReadyCheck && night.DeckReady is null && night.Watching is null) events.Add(new DeckReadyCheckStarted(now));
        return events;
    }

    /// <summary>The host (or a moderator) closes the deck until everyone present is ready; before a film is picked.</summary>
    public IReadOnlyList<SessionEvent> StartDeckReadyCheck(string actorId, long now)
    {
        Require(actorId, Role.Moderator);
        var night = RequireMovieNight();
        if (night.Watching is not null) throw Errors.Conflict(ErrorCodes.NoReadyCheck, "The film is already picked: ask in the watch party instead.");
        // Started even when nobody else is here yet: people join, then tap "Ready" (or the host opens it).
        return night.DeckReady is not null ? Nothing : [new DeckReadyCheckStarted(now)];
    }

    /// <summary>A present member is ready; the last one opens the deck for everyone.</summary>
    public IReadOnlyList<SessionEvent> MarkDeckReady(string actorId)
    {
        Require(actorId, Role.Member);
        var ready = RequireMovieNight().DeckReady
            ?? throw Errors.Conflict(ErrorCodes.NoReadyCheck, "The deck is open: there is nothing to be ready for.");
        if (actorId == HostId || ready.Contains(actorId, StringComparer.Ordinal)) return Nothing;
        return EveryoneDeckReady([.. ready, actorId]) ? [new DeckReadyMarked(actorId), new DeckOpened(null)] : [new DeckReadyMarked(actorId)];
    }

    /// <summary>The host (or a moderator) opens the deck without waiting for everyone.</summary>
    public IReadOnlyList<SessionEvent> OpenDeck(string actorId)
    {
        Require(actorId, Role.Moderator);
        return RequireMovieNight().DeckReady is null ? Nothing : [new DeckOpened(actorId)];
    }

    /// <summary>Withdraws my like or pass on a card: it no longer counts; a match it helped make stays a match.</summary>
    public IReadOnlyList<SessionEvent> Unswipe(string actorId, int movieId)
    {
        Require(actorId, Role.Member);
        var night = RequireOpenDeck();
        var card = night.Find(movieId) ?? throw CardNotFound();
        return card.ChoiceOf(actorId) is null ? Nothing : [new Unswiped(movieId, actorId)];
    }

    /// <summary>The movie night, refusing while its deck waits behind a ready check.</summary>
    private MovieNight RequireOpenDeck()
    {
        var night = RequireMovieNight();
        if (night.DeckReady is not null)
            throw Errors.Conflict(ErrorCodes.DeckClosed, "The deck opens when everyone is ready (or the host opens it).");
        return night;
    }

    /// <summary>The host counts as ready; someone who left is not waited for (as in the watch party's check).</summary>
    private bool EveryoneDeckReady(IReadOnlyCollection<string> ready) =>
        _participants.Where(p => p.Present && !p.Kicked && p.Id != HostId).All(p => ready.Contains(p.Id, StringComparer.Ordinal));

    /// <summary><see cref="MoviePreferences.Matches"/> on a card's data (its platforms are already the region's).</summary>
    internal static bool Fits(MoviePreferences p, MovieCard c) =>
        (p.GenreIds.Count == 0 || c.GenreIds.Any(p.GenreIds.Contains))
        && (p.ProviderIds.Count == 0 || c.ProviderIds.Any(p.ProviderIds.Contains))
        && (p.YearFrom is not { } from || c.Year >= from)
        && (p.YearTo is not { } to || c.Year <= to)
        && (p.MinRating is not { } rating || c.Rating >= rating)
        && (p.MaxRuntimeMinutes is not { } runtime || c.RuntimeMinutes <= runtime);
}
