using Huddle.Core.Movies;

namespace Huddle.Core.Sessions;

/// <summary>How many likes make a card a match: the host's setting <c>matchRule</c>.</summary>
public enum MatchRule
{
    /// <summary>Every present participant liked it.</summary>
    All,

    /// <summary>More than half of the present participants liked it.</summary>
    Majority,

    /// <summary>At least two present participants liked it.</summary>
    AtLeastTwo,
}

public static class MatchRules
{
    public static string Of(MatchRule rule) => rule switch
    {
        MatchRule.All => "all",
        MatchRule.Majority => "majority",
        MatchRule.AtLeastTwo => "atLeastTwo",
    };

    public static MatchRule Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "all" => MatchRule.All,
        "majority" => MatchRule.Majority,
        "atleasttwo" => MatchRule.AtLeastTwo,
        _ => throw Errors.Invalid(ErrorCodes.InvalidSettings, "matchRule must be all, majority or atLeastTwo."),
    };

    /// <summary>
    /// Whether <paramref name="likes"/> (of present participants) out of <paramref name="present"/> is a
    /// match. Every rule needs at least two likes: one person swiping alone is not a group's choice.
    /// </summary>
    public static bool IsMatch(MatchRule rule, int likes, int present) => likes >= 2 && rule switch
    {
        MatchRule.All => likes >= present,
        MatchRule.Majority => likes * 2 > present,
        MatchRule.AtLeastTwo => true,
    };
}

/// <summary>
/// A film as a deck card: copied from the catalog when it was dealt or suggested, never looked up
/// again. <c>ProviderIds</c> are the providers in the session's region.
/// </summary>
public sealed record MovieCard(
    int MovieId,
    string Title,
    int? Year,
    IReadOnlyList<int> GenreIds,
    int? RuntimeMinutes,
    double Rating,
    IReadOnlyList<int> ProviderIds,
    string? PosterUrl,
    string Overview,
    bool AvailabilityIsSample,
    string? PosterPath = null,
    string? BackdropPath = null)
{
    /// <summary>Overviews are stored with every deal; TMDB's can be long.</summary>
    public const int OverviewMaxLength = 600;

    public static MovieCard From(Movie movie, string region, bool availabilityIsSample) =>
        new(movie.Id, movie.Title, movie.Year, movie.GenreIds, movie.RuntimeMinutes, movie.Rating,
            movie.ProviderIdsIn(region), movie.PosterUrl,
            movie.Overview.Length > OverviewMaxLength ? movie.Overview[..(OverviewMaxLength - 1)] + "…" : movie.Overview,
            availabilityIsSample,
            movie.PosterPath,
            movie.BackdropPath);

    /// <summary>The runtime in seconds, or 0 when the catalog does not know it.</summary>
    public double RuntimeSeconds => (RuntimeMinutes ?? 0) * 60.0;

    /// <summary>Value equality, lists included (a card read back from the log equals the one decided).</summary>
    public bool Equals(MovieCard? other) =>
        other is not null
        && (MovieId, Title, Year, RuntimeMinutes, Rating, PosterUrl, Overview, AvailabilityIsSample, PosterPath, BackdropPath)
            == (other.MovieId, other.Title, other.Year, other.RuntimeMinutes, other.Rating, other.PosterUrl, other.Overview,
                other.AvailabilityIsSample, other.PosterPath, other.BackdropPath)
        && GenreIds.SequenceEqual(other.GenreIds)
        && ProviderIds.SequenceEqual(other.ProviderIds);

    public override int GetHashCode() => HashCode.Combine(MovieId, Title, Year, RuntimeMinutes, Rating);
}

/// <summary>A card in the deck with everyone's likes and passes.</summary>
public sealed class DeckCard
{
    private readonly Dictionary<string, bool> _choices = new(StringComparer.Ordinal);

    internal DeckCard(MovieCard movie, string? suggestedById, string? suggestedByName, long addedAt, int sequence)
    {
        Movie = movie;
        SuggestedById = suggestedById;
        SuggestedByName = suggestedByName;
        AddedAt = addedAt;
        Sequence = sequence;
    }

    public MovieCard Movie { get; }

    public int MovieId => Movie.MovieId;

    public string? SuggestedById { get; }

    public string? SuggestedByName { get; }

    public long AddedAt { get; }

    /// <summary>Position in the deck (deal order, then suggestions as they came).</summary>
    public int Sequence { get; }

    /// <summary>When the card became a match; a match stays one (the group has seen it).</summary>
    public long? MatchedAt { get; internal set; }

    public int Likes { get; private set; }

    public int Passes { get; private set; }

    /// <summary>participantId → true (like) or false (pass).</summary>
    public IReadOnlyDictionary<string, bool> Choices => _choices;

    public bool? ChoiceOf(string participantId) => _choices.TryGetValue(participantId, out var like) ? like : null;

    public IEnumerable<string> LikedBy => _choices.Where(c => c.Value).Select(c => c.Key);

    internal void Choose(string participantId, bool like)
    {
        Forget(participantId);
        _choices[participantId] = like;
        if (like) Likes++;
        else Passes++;
    }

    internal void Forget(string participantId)
    {
        if (!_choices.Remove(participantId, out var was)) return;
        if (was) Likes--;
        else Passes--;
    }

    /// <summary>The ranking: most likes, then fewest passes, then deck order.</summary>
    public static int CompareForRanking(DeckCard a, DeckCard b)
    {
        var byLikes = b.Likes.CompareTo(a.Likes);
        if (byLikes != 0) return byLikes;
        var byPasses = a.Passes.CompareTo(b.Passes);
        return byPasses != 0 ? byPasses : a.Sequence.CompareTo(b.Sequence);
    }
}

/// <summary>The picked film and its synced playback (the watch party).</summary>
public sealed record Watching(DeckCard Card, PlaybackState Playback, long StartedAt);

/// <summary>
/// The watch party's own state beside the playback: the film folder's file (if any), the control rule,
/// who is buffering (SyncPlay's Waiting: <c>ResumeWhenReady</c> plays on once nobody present buffers),
/// the ready check before the film starts (<c>Ready</c>: who tapped "Ready"; null when none runs), and the
/// streaming platform everyone opens the film on instead of a file (<c>Platform</c>; never both).
/// </summary>
public sealed record WatchParty(
    string? FileId, string? FileTitle, bool EveryoneControls, IReadOnlyList<string> Buffering, bool ResumeWhenReady,
    IReadOnlyList<string>? Ready = null, WatchPlatform? Platform = null)
{
    public const int MaxTitleLength = 200;

    public static readonly WatchParty None = new(null, null, false, [], false);

    /// <summary>A film folder id: 16 lower-case hex digits (a hash of the file's path, never the path).</summary>
    public static bool IsFileId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);
}

/// <summary>
/// A movie session's state: the host's preferences, the deck with everyone's choices, the matches,
/// and the watch party. Changed only through <see cref="Session.Apply(Commit)"/>.
/// </summary>
public sealed class MovieNight
{
    /// <summary>The most cards a deck can hold (deals and suggestions together).</summary>
    public const int MaxCards = 200;

    private readonly List<DeckCard> _cards = [];
    private readonly Dictionary<int, DeckCard> _byId = [];
    private readonly List<DeckCard> _matches = [];
    private readonly List<DeckCard> _newMatches = [];
    private int _nextSequence;

    public MoviePreferences Preferences { get; private set; } = new();

    /// <summary>The per-session seed the dealer shuffles with (stored, so every deal of this session agrees).</summary>
    public long Seed { get; private set; }

    /// <summary>The catalog's notice for the latest cards (TMDB fell back to the offline catalog), or null.</summary>
    public string? Notice { get; private set; }

    public IReadOnlyList<DeckCard> Cards => _cards;

    /// <summary>Matches in the order they happened.</summary>
    public IReadOnlyList<DeckCard> Matches => _matches;

    /// <summary>Cards that became matches in the latest commit (the ones to announce).</summary>
    public IReadOnlyList<DeckCard> NewMatches => _newMatches;

    public Watching? Watching { get; private set; }

    public WatchParty Party { get; private set; } = WatchParty.None;

    /// <summary>While the deck waits behind a ready check: who tapped "Ready" (the host counts anyway); null when the deck is open.</summary>
    public IReadOnlyList<string>? DeckReady { get; private set; }

    /// <summary>The match that became the pick in the latest commit (<c>endAtFirstMatch</c>), to announce.</summary>
    public DeckCard? PickedAtMatch { get; private set; }

    /// <summary>Every card someone liked or passed, in ranking order: the end summary's likes and passes per film.</summary>
    public IReadOnlyList<DeckCard> Tally()
    {
        var decided = _cards.Where(c => c.Likes + c.Passes > 0).ToList();
        decided.Sort(DeckCard.CompareForRanking);
        return decided;
    }

    public bool IsFull => _cards.Count >= MaxCards;

    public DeckCard? Find(int movieId) => _byId.GetValueOrDefault(movieId);

    /// <summary>How many cards the participant has liked or passed.</summary>
    public int DecidedBy(string participantId) => _cards.Count(c => c.ChoiceOf(participantId) is not null);

    /// <summary>Cards with at least one like, best first.</summary>
    public IReadOnlyList<DeckCard> Ranking()
    {
        var liked = _cards.Where(c => c.Likes > 0).ToList();
        liked.Sort(DeckCard.CompareForRanking);
        return liked;
    }

    /// <summary>The best-ranked match, if there is one.</summary>
    public DeckCard? TopMatch() => _matches.Count == 0 ? null : _matches.Min(Comparer<DeckCard>.Create(DeckCard.CompareForRanking));

    internal void Apply(MovieEvent e)
    {
        switch (e)
        {
            case MovieNightStarted s:
                Preferences = s.Preferences;
                Seed = s.Seed;
                break;
            case CardsDealt d:
                foreach (var card in d.Cards) Add(card, null, null, d.At);
                Notice = d.Notice;
                break;
            case MovieSuggested s:
                Add(s.Card, s.ById, s.ByName, s.At);
                Notice = s.Notice;
                break;
            case Swiped s:
                Get(s.MovieId).Choose(s.ParticipantId, s.Like);
                break;
            case MoviePicked p:
                Watching = new Watching(Get(p.MovieId), new PlaybackState(false, 0, p.At), p.At);
                Party = WatchParty.None with { EveryoneControls = Party.EveryoneControls }; // a file was for the film before
                DeckReady = null; // the pick is made: nothing left to be ready for
                break;
            case WatchPlaybackChanged w:
                Watching = Watching! with { Playback = new PlaybackState(w.IsPlaying, w.PositionSeconds, w.At) };
                break;
            case WatchFileChosen f:
                // A file replaces the platform; "no file" leaves the platform as it is.
                Party = Party with { FileId = f.FileId, FileTitle = f.Title, Platform = f.FileId is null ? Party.Platform : null };
                break;
            case WatchPlatformChosen p:
                Party = Party with { Platform = p.Platform, FileId = p.Platform is null ? Party.FileId : null, FileTitle = p.Platform is null ? Party.FileTitle : null };
                break;
            case WatchControlChanged c:
                Party = Party with { EveryoneControls = c.Everyone };
                break;
            case WatchWaitChanged w:
                Party = Party with { Buffering = w.Buffering, ResumeWhenReady = w.ResumeWhenReady };
                break;
            case WatchReadyCheckStarted r:
                Party = Party with { Ready = [r.ById] };
                break;
            case WatchReadyMarked r:
                Party = Party with { Ready = [.. Party.Ready!.Append(r.ParticipantId).Order(StringComparer.Ordinal)] };
                break;
            case WatchReadyCheckEnded:
                Party = Party with { Ready = null };
                break;
            case PreferencesChanged c:
                Preferences = c.Preferences;
                foreach (var id in c.Dropped) Remove(id);
                break;
            case DeckReadyCheckStarted:
                DeckReady = [];
                break;
            case DeckReadyMarked r:
                DeckReady = [.. DeckReady!.Append(r.ParticipantId).Order(StringComparer.Ordinal)];
                break;
            case DeckOpened:
                DeckReady = null;
                break;
            case Unswiped u:
                Get(u.MovieId).Forget(u.ParticipantId);
                break;
            default:
                throw new InvalidOperationException($"Unknown movie event {e.GetType().Name}.");
        }
    }

    /// <summary>A removed participant's likes and passes no longer count.</summary>
    internal void Forget(string participantId)
    {
        foreach (var card in _cards) card.Forget(participantId);
    }

    /// <summary>
    /// After every commit: which cards are now liked by enough of the people present. Deriving this
    /// from state (not deciding it in each command) means a leave, a disconnect, a kick or a rule
    /// change that completes a match is announced like a swipe that does.
    /// </summary>
    internal void FindMatches(IReadOnlySet<string> present, MatchRule rule, long at, bool endAtFirstMatch = false)
    {
        _newMatches.Clear();
        PickedAtMatch = null;
        foreach (var card in _cards)
        {
            if (card.MatchedAt is not null) continue;
            var likes = card.LikedBy.Count(present.Contains);
            if (!MatchRules.IsMatch(rule, likes, present.Count)) continue;
            card.MatchedAt = at;
            _matches.Add(card);
            _newMatches.Add(card);
        }

        // endAtFirstMatch: the first match is the pick, as if the host had picked it (derived like the match
        // itself, so a replay agrees). Two at once (a rule change): the better ranked.
        if (endAtFirstMatch && Watching is null && _newMatches.Count > 0)
        {
            var card = _newMatches.Min(Comparer<DeckCard>.Create(DeckCard.CompareForRanking))!;
            Watching = new Watching(card, new PlaybackState(false, 0, at), at);
            Party = WatchParty.None with { EveryoneControls = Party.EveryoneControls };
            DeckReady = null;
            PickedAtMatch = card;
        }
    }

    private void Remove(int movieId)
    {
        var card = Get(movieId);
        _cards.Remove(card);
        _byId.Remove(movieId);
    }

    private void Add(MovieCard movie, string? byId, string? byName, long at)
    {
        var card = new DeckCard(movie, byId, byName, at, _nextSequence++);
        _cards.Add(card);
        _byId[movie.MovieId] = card;
    }

    private DeckCard Get(int movieId) =>
        Find(movieId) ?? throw new InvalidOperationException($"Event names a film not in the deck: {movieId}.");
}
