using Huddle.Core.Movies;

namespace Huddle.Core.Sessions;

/// <summary>
/// The movie kind (SPEC §3.2): a deck of candidate films, likes and passes, matches, the host's
/// pick and a watch party. The catalog is asynchronous and may be remote, so the application
/// service asks it first, outside the session's gate, and these commands only check and decide
/// with the card data they are given (which the events then carry).
/// </summary>
public sealed partial class Session
{
    private MovieNight? _movieNight;

    /// <summary>The movie night of a movie session; null in other kinds.</summary>
    public MovieNight? MovieNight => _movieNight;

    /// <summary>The set-up of a new movie session, committed with its creation: preferences, seed, first deck.</summary>
    public static IReadOnlyList<SessionEvent> SetUpMovieNight(
        MoviePreferences preferences, long seed, IReadOnlyList<MovieCard> cards, string? notice, long now, bool deckReadyCheck = false)
    {
        var deck = cards.DistinctBy(c => c.MovieId).Take(MovieNight.MaxCards).ToList();
        IReadOnlyList<SessionEvent> setUp = [new MovieNightStarted(preferences, seed), new CardsDealt(deck, null, notice, now)];
        return deckReadyCheck ? [.. setUp, new DeckReadyCheckStarted(now)] : setUp;
    }

    /// <summary>
    /// Checks that the actor may deal more before the catalog is asked, and returns what the
    /// dealer needs: the preferences, the seed and the films already in the deck.
    /// </summary>
    public (MoviePreferences Preferences, long Seed, IReadOnlyCollection<int> InDeck) PrepareDeal(string actorId)
    {
        Require(actorId, Role.Host);
        var night = RequireMovieNight();
        EnsureRoomInDeck(night);
        return (night.Preferences, night.Seed, night.Cards.Select(c => c.MovieId).ToList());
    }

    /// <summary>The host deals more cards; films already in the deck are skipped (two deals raced).</summary>
    public IReadOnlyList<SessionEvent> DealCards(string actorId, IReadOnlyList<MovieCard> cards, string? notice, long now)
    {
        Require(actorId, Role.Host);
        var night = RequireMovieNight();
        EnsureRoomInDeck(night);
        var fresh = cards
            .DistinctBy(c => c.MovieId)
            .Where(c => night.Find(c.MovieId) is null)
            .Take(MovieNight.MaxCards - night.Cards.Count)
            .ToList();
        if (fresh.Count == 0)
            throw Errors.Conflict(ErrorCodes.NoMoreMovies, "No more films match these preferences. Suggest one by search instead.");
        return [new CardsDealt(fresh, actorId, notice, now)];
    }

    /// <summary>
    /// Checks a suggestion before the catalog is asked: false when the film is already in the deck
    /// (a second suggestion changes nothing, so there is nothing to look up).
    /// </summary>
    public bool NeedsSuggestion(string actorId, int movieId)
    {
        Require(actorId, Role.Member);
        var night = RequireMovieNight();
        if (night.Find(movieId) is not null) return false;
        EnsureRoomInDeck(night);
        return true;
    }

    /// <summary>A participant's film joins the deck once, liked by them; suggesting it again changes nothing.</summary>
    public IReadOnlyList<SessionEvent> Suggest(string actorId, MovieCard card, string? notice, long now)
    {
        var actor = Require(actorId, Role.Member);
        var night = RequireMovieNight();
        if (night.Find(card.MovieId) is not null) return Nothing;
        EnsureRoomInDeck(night);
        return
        [
            new MovieSuggested(card, actor.Id, actor.Name, notice, now),
            new Swiped(card.MovieId, actor.Id, true),
        ];
    }

    /// <summary>Like or pass a card; swiping the other way later changes the choice.</summary>
    public IReadOnlyList<SessionEvent> Swipe(string actorId, int movieId, bool like)
    {
        Require(actorId, Role.Member);
        var night = RequireOpenDeck();
        if (!Settings.AllowVoting) throw Errors.Conflict(ErrorCodes.VotingDisabled, "The host has turned voting off.");
        var card = night.Find(movieId) ?? throw CardNotFound();
        return card.ChoiceOf(actorId) == like ? Nothing : [new Swiped(movieId, actorId, like)];
    }

    /// <summary>
    /// The host picks the film to watch (any card), or with no id the best-ranked match. It becomes
    /// the watch party's film, paused at 0:00 so everyone can get ready before the host presses play.
    /// </summary>
    public IReadOnlyList<SessionEvent> PickMovie(string actorId, int? movieId, long now)
    {
        Require(actorId, Role.Host);
        var night = RequireMovieNight();
        var card = movieId is { } id
            ? night.Find(id) ?? throw CardNotFound()
            : night.TopMatch() ?? throw Errors.Conflict(ErrorCodes.NoMatch, "There is no match yet: pick a film from the deck.");
        return night.Watching?.Card == card ? Nothing : [new MoviePicked(card.MovieId, actorId, now)];
    }

    /// <summary>Song recommendations belong to the kinds that <see cref="SessionKinds.OffersSongs"/> (jam, room).</summary>
    public void EnsureSongKind()
    {
        if (!Kind.OffersSongs()) throw SessionKinds.NotSupported(Kind, "song recommendations");
    }

    private void ApplyMovie(MovieEvent e) => (_movieNight ??= new MovieNight()).Apply(e);

    private void AfterMovieCommit(Commit commit)
    {
        if (_movieNight is null) return;
        foreach (var e in commit.Events)
        {
            if (e is ParticipantKicked k) _movieNight.Forget(k.ParticipantId);
        }

        var present = _participants.Where(p => p.Present && !p.Kicked).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _movieNight.FindMatches(present, Settings.MatchRule, commit.At, Settings.EndAtFirstMatch);
    }

    private MovieNight RequireMovieNight() =>
        Kind.HasDeck() && _movieNight is { } night ? night : throw SessionKinds.NotSupported(Kind, "movie deck");

    private static void EnsureRoomInDeck(MovieNight night)
    {
        if (night.IsFull) throw Errors.Conflict(ErrorCodes.DeckFull, $"The deck is full ({MovieNight.MaxCards} films).");
    }

    private static HuddleException CardNotFound() =>
        new(ErrorCodes.CardNotFound, "No card in this deck has this film.", ErrorKind.NotFound);

    private static HuddleException NotSupported(string message) => Errors.Invalid(ErrorCodes.NotSupported, message);
}
