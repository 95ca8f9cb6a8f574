namespace Huddle.Core.Movies;

/// <summary>
/// A film as the movie session sees it. Ids are TMDB movie ids, genre ids TMDB genre ids, and
/// <see cref="Availability"/> maps an ISO 3166-1 region to the TMDB watch-provider ids offering the
/// film there. Availability can be empty when the catalog does not know it (TMDB list results).
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
    IReadOnlyDictionary<string, IReadOnlyList<int>> Availability)
{
    public IReadOnlyList<int> ProviderIdsIn(string region) =>
        Availability.TryGetValue(region, out var ids) ? ids : [];
}

/// <summary>A TMDB movie genre, e.g. 28 Action.</summary>
public sealed record MovieGenre(int Id, string Name);

/// <summary>A TMDB watch provider offered in some region, e.g. 8 Netflix. Lower priority is shown first.</summary>
public sealed record StreamingProvider(int Id, string Name, string? LogoUrl = null, int DisplayPriority = 0);

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
