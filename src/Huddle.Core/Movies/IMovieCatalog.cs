namespace Huddle.Core.Movies;

/// <summary>
/// Where movie sessions find films: the embedded offline catalog, or TMDB behind a fallback to it.
/// Every answer says its source (<see cref="CatalogResult{T}"/>). Invalid arguments throw
/// <see cref="HuddleException"/> (<c>invalid_input</c>, <c>movie_not_found</c>).
/// </summary>
public interface IMovieCatalog
{
    /// <summary>The genre id↔name mapping (TMDB's movie genres).</summary>
    Task<CatalogResult<IReadOnlyList<MovieGenre>>> GetGenresAsync(CancellationToken ct = default);

    /// <summary>The streaming providers offered in a region (ISO 3166-1 alpha-2), in display order.</summary>
    Task<CatalogResult<IReadOnlyList<StreamingProvider>>> GetProvidersAsync(string region, CancellationToken ct = default);

    /// <summary>
    /// Films matching the preferences: any of the genres, any of the providers in the region, the
    /// year range, minimum rating and maximum runtime. Pages are 1-based and <paramref name="pageSize"/> long.
    /// </summary>
    Task<CatalogResult<MoviePage>> DiscoverAsync(
        MoviePreferences preferences, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default);

    /// <summary>Films whose title matches the text, best match first.</summary>
    Task<CatalogResult<MoviePage>> SearchAsync(
        string query, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default);

    /// <summary>One film with its availability per region; <c>movie_not_found</c> if there is none.</summary>
    Task<CatalogResult<Movie>> GetMovieAsync(int movieId, CancellationToken ct = default);

    /// <summary>Where the film can be watched in the region; <c>movie_not_found</c> if there is no such film.</summary>
    Task<CatalogResult<WatchOptions>> GetWatchOptionsAsync(int movieId, string region, CancellationToken ct = default);
}

public static class MovieCatalogExtensions
{
    /// <summary>
    /// Full validation of a host's preferences against this catalog's mappings (genres, and the
    /// providers of the chosen region). Returns the cleaned preferences to store with the session.
    /// </summary>
    public static async Task<MoviePreferences> ValidatePreferencesAsync(
        this IMovieCatalog catalog, MoviePreferences? preferences, CancellationToken ct = default)
    {
        var shaped = MoviePreferencesValidator.Normalize(preferences);
        var genres = await catalog.GetGenresAsync(ct);
        IReadOnlyList<StreamingProvider> providers = shaped.ProviderIds.Count == 0
            ? []
            : (await catalog.GetProvidersAsync(shaped.Region, ct)).Value;
        return MoviePreferencesValidator.Validate(shaped, genres.Value, providers);
    }
}
