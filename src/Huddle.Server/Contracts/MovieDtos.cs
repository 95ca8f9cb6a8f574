using Huddle.Core.Movies;
using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

// Wire shapes of the movie kind (SPEC §5.4 movieCard and deck state) and of /api/movies.

public sealed record MovieCardDto(
    int MovieId,
    string Title,
    int? Year,
    IReadOnlyList<int> GenreIds,
    int? RuntimeMinutes,
    double Rating,
    IReadOnlyList<int> ProviderIds,
    string? PosterUrl,
    string Overview,
    int Likes,
    int Passes,
    PersonRef? SuggestedBy,
    bool AvailabilityIsSample,
    bool Matched,
    string? PosterPath,
    string? BackdropPath) : IPlayingDto;

public sealed record MatchDto(MovieCardDto Movie, IReadOnlyList<string> LikedBy, long MatchedAt);

public sealed record RankingEntryDto(int MovieId, string Title, int Likes, int Passes, bool Matched);

public sealed record MoviePreferencesDto(
    IReadOnlyList<int> GenreIds, IReadOnlyList<int> ProviderIds, string Region, int? YearFrom, int? YearTo, double? MinRating, int? MaxRuntimeMinutes);

/// <summary>The deck state in a movie session's snapshot; <c>Notice</c> says when TMDB fell back to the offline catalog.</summary>
public sealed record MovieDeckDto(
    IReadOnlyList<MovieCardDto> Cards,
    IReadOnlyDictionary<int, bool> MyChoices,
    IReadOnlyDictionary<string, int> Progress,
    string MatchRule,
    IReadOnlyList<MatchDto> Matches,
    IReadOnlyList<RankingEntryDto> Ranking,
    MoviePreferencesDto Preferences,
    string? Notice,
    WatchPartyDto Party)
{
    /// <summary>While the deck waits behind a ready check: who tapped "Ready" (the host counts anyway); null when open.</summary>
    public IReadOnlyList<string>? DeckReady { get; init; }
}

/// <summary>The filters changed mid-pick: the new preferences, who changed them, and the films that left the deck.</summary>
public sealed record PreferencesChangedEvent(long Version, MoviePreferencesDto Preferences, string ById, IReadOnlyList<int> Dropped);

/// <summary><c>Ready</c>: who is ready while the deck waits (the host counts anyway); null: the deck is open.</summary>
public sealed record DeckReadyUpdatedEvent(long Version, IReadOnlyList<string>? Ready);

/// <summary>
/// The watch party beside its playback: the film folder's file everyone plays (null: watch on a platform),
/// whether everyone may control it (else the host and moderators), and who is buffering; <c>Waiting</c>:
/// paused until they are ready, then it plays on.
/// </summary>
public sealed record WatchPartyDto(string? FileId, string? FileTitle, bool EveryoneControls, IReadOnlyList<string> Buffering, bool Waiting)
{
    /// <summary>The ready check before the film starts: who tapped "Ready" (null when none runs).</summary>
    public IReadOnlyList<string>? Ready { get; init; }

    /// <summary>The streaming platform everyone opens the film on (null: none, or the film folder's file).</summary>
    public WatchPlatformDto? Platform { get; init; }
}

/// <summary>A platform the party watches on: TMDB's provider id, its name, and the page that opens the film there.</summary>
public sealed record WatchPlatformDto(int ProviderId, string Name, string Link);

public sealed record WatchPartyUpdatedEvent(long Version, WatchPartyDto Party);

public sealed record DeckUpdatedEvent(
    long Version,
    IReadOnlyList<MovieCardDto> Cards,
    IReadOnlyDictionary<string, int> Progress,
    IReadOnlyList<MatchDto> Matches,
    IReadOnlyList<RankingEntryDto> Ranking,
    string? Notice);

/// <summary>What a movie night decided, in the public summary: the picked film, the matches, the ranking.</summary>
public sealed record MovieResultsDto(MovieCardDto? Picked, IReadOnlyList<MatchDto> Matches, IReadOnlyList<RankingEntryDto> Ranking)
{
    /// <summary>Everyone who joined and was not removed, in the order they came (the end summary's "who came").</summary>
    public IReadOnlyList<PersonRef> Came { get; init; } = [];

    /// <summary>Every film someone liked or passed, in ranking order (the end summary's likes and passes per film).</summary>
    public IReadOnlyList<RankingEntryDto> Tally { get; init; } = [];
}

public sealed record MatchFoundEvent(long Version, MovieCardDto Movie, IReadOnlyList<string> LikedBy);

public sealed record MovieDto(
    int MovieId, string Title, int? Year, IReadOnlyList<int> GenreIds, int? RuntimeMinutes, double Rating,
    string? OriginalLanguage, string Overview, string? PosterUrl, IReadOnlyList<int> ProviderIds, string? PosterPath, string? BackdropPath);

/// <summary>
/// How to address a poster or backdrop: <c>{BaseUrl}{size.Name}{posterPath}</c>, one address per size
/// for a srcset (<c>Width</c> is the image's width in pixels). <c>Source</c> is "tmdb" (its /configuration) or "default".
/// </summary>
public sealed record MovieImagesDto(string BaseUrl, IReadOnlyList<ImageSizeDto> PosterSizes, IReadOnlyList<ImageSizeDto> BackdropSizes, string Source);

public sealed record ImageSizeDto(string Name, int Width);

/// <summary>
/// Where to watch a film in a region. <c>Kind</c> is stream | free | ads | rent | buy. <c>Attribution</c>
/// is what TMDB's terms require shown with the data ("Data by JustWatch"), null for the sample data.
/// </summary>
public sealed record WatchOptionsDto(
    int MovieId, string Region, string? Link, IReadOnlyList<WatchOfferDto> Offers, string Source, bool AvailabilityIsSample,
    string? Attribution, string? AttributionUrl, string? Notice);

public sealed record WatchOfferDto(int ProviderId, string ProviderName, string? LogoUrl, string Kind, string? Link);

public sealed record GenreDto(int Id, string Name);

public sealed record ProviderDto(int Id, string Name, string? LogoUrl, int DisplayPriority);

/// <summary>A catalog answer: <c>Source</c> is "offline" or "tmdb"; <c>Notice</c> is set when TMDB failed and the offline catalog answered.</summary>
public sealed record CatalogListDto<T>(IReadOnlyList<T> Items, string Source, bool AvailabilityIsSample, string? Notice);

public sealed record MoviePageDto(
    IReadOnlyList<MovieDto> Items, int Page, int PageSize, int TotalResults, bool HasMore,
    string Source, bool AvailabilityIsSample, string? Notice);

public static class MovieMap
{
    public static MovieCardDto ToDto(this DeckCard c)
    {
        var m = c.Movie;
        var suggestedBy = c.SuggestedById is null ? null : new PersonRef(c.SuggestedById, c.SuggestedByName ?? "");
        return new MovieCardDto(
            m.MovieId, m.Title, m.Year, m.GenreIds, m.RuntimeMinutes, m.Rating, m.ProviderIds, m.PosterUrl, m.Overview,
            c.Likes, c.Passes, suggestedBy, m.AvailabilityIsSample, c.MatchedAt is not null, m.PosterPath, m.BackdropPath);
    }

    public static MatchDto MatchDto(this DeckCard c) => new(c.ToDto(), c.LikedBy.ToList(), c.MatchedAt ?? 0);

    public static IReadOnlyList<MovieCardDto> CardsDto(this MovieNight night) => night.Cards.Select(ToDto).ToList();

    public static IReadOnlyList<MatchDto> MatchesDto(this MovieNight night) => night.Matches.Select(MatchDto).ToList();

    public static IReadOnlyList<RankingEntryDto> RankingDto(this MovieNight night) =>
        night.Ranking().Select(c => new RankingEntryDto(c.MovieId, c.Movie.Title, c.Likes, c.Passes, c.MatchedAt is not null)).ToList();

    /// <summary>Cards decided per participant (everyone not kicked, present or not).</summary>
    public static IReadOnlyDictionary<string, int> ProgressDto(this Session s) =>
        s.Participants.Where(p => !p.Kicked).ToDictionary(p => p.Id, p => s.MovieNight!.DecidedBy(p.Id), StringComparer.Ordinal);

    public static MovieDeckDto? DeckDto(this Session s, string participantId)
    {
        if (s.MovieNight is not { } night) return null;
        var mine = new Dictionary<int, bool>();
        foreach (var card in night.Cards)
        {
            if (card.ChoiceOf(participantId) is { } like) mine[card.MovieId] = like;
        }

        return new MovieDeckDto(
            night.CardsDto(), mine, s.ProgressDto(), MatchRules.Of(s.Settings.MatchRule), night.MatchesDto(), night.RankingDto(),
            night.Preferences.ToDto(),
            night.Notice,
            night.Party.ToDto()) { DeckReady = night.DeckReady };
    }

    public static MoviePreferencesDto ToDto(this MoviePreferences p) =>
        new(p.GenreIds, p.ProviderIds, p.Region, p.YearFrom, p.YearTo, p.MinRating, p.MaxRuntimeMinutes);

    public static WatchPartyDto ToDto(this WatchParty p) => new(p.FileId, p.FileTitle, p.EveryoneControls, p.Buffering, p.ResumeWhenReady)
    {
        Ready = p.Ready,
        Platform = p.Platform is { } w ? new WatchPlatformDto(w.ProviderId, w.Name, w.Link) : null,
    };

    public static DeckUpdatedEvent DeckUpdated(this Session s, long version)
    {
        var night = s.MovieNight!;
        return new(version, night.CardsDto(), s.ProgressDto(), night.MatchesDto(), night.RankingDto(), night.Notice);
    }

    /// <summary>Derived from the session's log like everything else: the pick, who came, the matches and the ranking.</summary>
    public static MovieResultsDto? ResultsDto(this Session s) =>
        s.MovieNight is { } night
            ? new(night.Watching?.Card.ToDto(), night.MatchesDto(), night.RankingDto())
            {
                Came = s.Participants.Where(p => !p.Kicked).Select(p => new PersonRef(p.Id, p.Name)).ToList(),
                Tally = night.Tally().Select(c => new RankingEntryDto(c.MovieId, c.Movie.Title, c.Likes, c.Passes, c.MatchedAt is not null)).ToList(),
            }
            : null;

    public static NowPlayingDto ToDto(this Watching w) => new(w.Card.ToDto(), w.Playback.ToDto(), w.StartedAt);

    public static MovieDto ToDto(this Movie m, string region) =>
        new(m.Id, m.Title, m.Year, m.GenreIds, m.RuntimeMinutes, m.Rating, m.OriginalLanguage, m.Overview, m.PosterUrl, m.ProviderIdsIn(region),
            m.PosterPath, m.BackdropPath);

    public static WatchOptionsDto ToDto(this CatalogResult<WatchOptions> r)
    {
        var w = r.Value;
        var fromTmdb = r.Source == CatalogSource.Tmdb;
        var offers = w.Offers.OrderBy(o => o.Kind).ThenBy(o => o.DisplayPriority)
            .Select(o => new WatchOfferDto(o.ProviderId, o.ProviderName, o.LogoUrl, o.Kind.Wire(), w.Link)).ToList();
        return new(w.MovieId, w.Region, w.Link, offers, r.Source.Wire(), r.AvailabilityIsSample,
            fromTmdb ? "Data by JustWatch" : null, fromTmdb ? "https://www.justwatch.com" : null, r.Notice);
    }

    public static string Wire(this WatchOfferKind kind) => kind switch
    {
        WatchOfferKind.Stream => "stream",
        WatchOfferKind.Free => "free",
        WatchOfferKind.Ads => "ads",
        WatchOfferKind.Rent => "rent",
        WatchOfferKind.Buy => "buy",
    };

    public static string Wire(this CatalogSource source) => source switch
    {
        CatalogSource.Offline => "offline",
        CatalogSource.Tmdb => "tmdb",
    };

    public static CatalogListDto<TDto> ToDto<T, TDto>(this CatalogResult<IReadOnlyList<T>> r, Func<T, TDto> map) =>
        new(r.Value.Select(map).ToList(), r.Source.Wire(), r.AvailabilityIsSample, r.Notice);

    public static MoviePageDto ToDto(this CatalogResult<MoviePage> r, string region) =>
        new(r.Value.Movies.Select(m => m.ToDto(region)).ToList(), r.Value.Page, r.Value.PageSize, r.Value.TotalResults, r.Value.HasMore,
            r.Source.Wire(), r.AvailabilityIsSample, r.Notice);
}
