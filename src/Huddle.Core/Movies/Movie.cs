namespace Huddle.Core.Movies;

/// <summary>
/// A film as the movie session sees it. Ids are TMDB movie ids, genre ids TMDB genre ids, and
/// <see cref="Availability"/> maps an ISO 3166-1 region to the TMDB watch-provider ids offering the
/// film there. Availability can be empty when the catalog does not know it (TMDB list results).
/// <see cref="PosterPath"/> and <see cref="BackdropPath"/> are TMDB image paths (<c>/abc.jpg</c>): the
/// web app builds one address per size from them (TMDB's <c>/configuration</c>), so a phone loads a
/// small poster and a desktop a sharp one. Null when the film has none (the app shows its fallback).
/// </summary>
public sealed record Movie(
    int Id,
    string Title,
    int? Year,
    IReadOnlyList<int> GenreIds,
    int? RuntimeMinutes,
    double Rating,
    string? OriginalLanguage,
    string Overview,
    string? PosterUrl,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Availability,
    string? PosterPath = null,
    string? BackdropPath = null)
{
    public IReadOnlyList<int> ProviderIdsIn(string region) =>
        Availability.TryGetValue(region, out var ids) ? ids : [];
}

/// <summary>A TMDB movie genre, e.g. 28 Action.</summary>
public sealed record MovieGenre(int Id, string Name);

/// <summary>A TMDB watch provider offered in some region, e.g. 8 Netflix. Lower priority is shown first.</summary>
public sealed record StreamingProvider(int Id, string Name, string? LogoUrl = null, int DisplayPriority = 0);

/// <summary>How a platform offers a film: in a subscription, free, free with ads, to rent or to buy (TMDB's groups).</summary>
public enum WatchOfferKind
{
    Stream,
    Free,
    Ads,
    Rent,
    Buy,
}

/// <summary>One platform offering a film in a region, in one way.</summary>
public sealed record WatchOffer(int ProviderId, string ProviderName, string? LogoUrl, WatchOfferKind Kind, int DisplayPriority);

/// <summary>
/// Where a film can be watched in a region. <c>Link</c> is TMDB's page for the film's offers in that
/// region (each platform's own deep link is there; TMDB's API gives one page per region, not per platform).
/// TMDB's data comes from JustWatch, whose attribution the web app shows with it.
/// </summary>
public sealed record WatchOptions(int MovieId, string Region, string? Link, IReadOnlyList<WatchOffer> Offers);

/// <summary>One page of a discover or search answer. <c>TotalResults</c> counts what can be paged to.</summary>
public sealed record MoviePage(IReadOnlyList<Movie> Movies, int Page, int PageSize, int TotalResults)
{
    public bool HasMore => (long)Page * PageSize < TotalResults;
}

/// <summary>Where an answer came from.</summary>
public enum CatalogSource
{
    /// <summary>The embedded catalog shipped with Huddle (its availability is sample data).</summary>
    Offline,

    /// <summary>The live TMDB API.</summary>
    Tmdb,
}

/// <summary>
/// Every catalog answer says where it came from, so a session can show the group a visible notice
/// when TMDB was unreachable and the offline catalog answered instead.
/// </summary>
public sealed record CatalogResult<T>(T Value, CatalogSource Source, string? Notice = null)
{
    /// <summary>True when streaming availability in this answer is generated sample data, not real rights.</summary>
    public bool AvailabilityIsSample => Source == CatalogSource.Offline;
}
