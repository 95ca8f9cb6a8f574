using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Huddle.Core.Movies;

/// <summary>A streaming provider of the offline catalog and the regions it operates in.</summary>
public sealed record OfflineProvider(int Id, string Name, IReadOnlyList<string> Regions);

/// <summary>
/// The catalog shipped inside Huddle (Movies/movies.json): real films by TMDB id, TMDB's genre
/// list and a set of watch providers. Which provider offers which film where is generated sample
/// data, so every answer is marked <see cref="CatalogSource.Offline"/> (availabilityIsSample).
/// Pure and in-memory: safe to share as a singleton.
/// </summary>
public sealed class OfflineMovieCatalog : IMovieCatalog
{
    private const string ResourceName = "Huddle.Core.Movies.movies.json";

    private readonly Dictionary<int, Movie> _byId;

    public OfflineMovieCatalog(IEnumerable<MovieGenre> genres, IEnumerable<OfflineProvider> providers, IEnumerable<Movie> movies)
    {
        Genres = genres.ToList();
        Providers = providers.ToList();
        Movies = movies.ToList();
        _byId = Movies.ToDictionary(m => m.Id);
    }

    public IReadOnlyList<MovieGenre> Genres { get; }

    public IReadOnlyList<OfflineProvider> Providers { get; }

    public IReadOnlyList<Movie> Movies { get; }

    public Movie? Find(int movieId) => _byId.GetValueOrDefault(movieId);

    public IReadOnlyList<StreamingProvider> ProvidersIn(string region)
    {
        var code = MoviePreferencesValidator.NormalizeRegion(region);
        return Providers
            .Select((p, index) => (Provider: p, Index: index))
            .Where(x => x.Provider.Regions.Contains(code, StringComparer.OrdinalIgnoreCase))
            .Select(x => new StreamingProvider(x.Provider.Id, x.Provider.Name, DisplayPriority: x.Index))
            .ToList();
    }

    /// <summary>Matching films, best rated first (the offline stand-in for TMDB's popularity order).</summary>
    public MoviePage Discover(MoviePreferences preferences, int page = 1, int pageSize = MoviePaging.DefaultPageSize)
    {
        MoviePaging.Validate(page, pageSize);
        var p = MoviePreferencesValidator.Normalize(preferences);
        var matches = Movies.Where(p.Matches)
            .OrderByDescending(m => m.Rating)
            .ThenBy(m => m.Title, StringComparer.Ordinal)
            .ThenBy(m => m.Id)
            .ToList();
        return Slice(matches, page, pageSize);
    }

    /// <summary>
    /// Every word of the query must appear in the title, ignoring case and common accents
    /// ("amelie" finds Amélie). Exact titles first, then titles starting with the query, then by rating.
    /// </summary>
    public MoviePage Search(string query, int page = 1, int pageSize = MoviePaging.DefaultPageSize)
    {
        MoviePaging.Validate(page, pageSize);
        var text = Fold(MoviePaging.NormalizeQuery(query));
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matches = Movies
            .Select(m => (Movie: m, Title: Fold(m.Title)))
            .Where(x => words.All(w => x.Title.Contains(w, StringComparison.Ordinal)))
            .OrderBy(x => x.Title == text ? 0 : x.Title.StartsWith(text, StringComparison.Ordinal) ? 1 : 2)
            .ThenByDescending(x => x.Movie.Rating)
            .ThenBy(x => x.Movie.Id)
            .Select(x => x.Movie)
            .ToList();
        return Slice(matches, page, pageSize);
    }

    public Task<CatalogResult<IReadOnlyList<MovieGenre>>> GetGenresAsync(CancellationToken ct = default) =>
        Task.FromResult(Answer(Genres));

    public Task<CatalogResult<IReadOnlyList<StreamingProvider>>> GetProvidersAsync(string region, CancellationToken ct = default) =>
        Task.FromResult(Answer(ProvidersIn(region)));

    public Task<CatalogResult<MoviePage>> DiscoverAsync(
        MoviePreferences preferences, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default) =>
        Task.FromResult(Answer(Discover(preferences, page, pageSize)));

    public Task<CatalogResult<MoviePage>> SearchAsync(
        string query, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default) =>
        Task.FromResult(Answer(Search(query, page, pageSize)));

    public Task<CatalogResult<Movie>> GetMovieAsync(int movieId, CancellationToken ct = default) =>
        Task.FromResult(Answer(Find(movieId) ?? throw MovieErrors.MovieNotFound(movieId)));

    /// <summary>
    /// The sample availability as offers (every one "stream": the sample data does not know how a platform
    /// offers a film), without a link: there is no real page to send anyone to. Answers are marked sample.
    /// </summary>
    public Task<CatalogResult<WatchOptions>> GetWatchOptionsAsync(int movieId, string region, CancellationToken ct = default)
    {
        var movie = Find(movieId) ?? throw MovieErrors.MovieNotFound(movieId);
        var code = MoviePreferencesValidator.NormalizeRegion(region);
        var offered = movie.ProviderIdsIn(code);
        var offers = ProvidersIn(code).Where(p => offered.Contains(p.Id))
            .Select(p => new WatchOffer(p.Id, p.Name, p.LogoUrl, WatchOfferKind.Stream, p.DisplayPriority)).ToList();
        return Task.FromResult(Answer(new WatchOptions(movieId, code, null, offers)));
    }

    /// <summary>The catalog shipped inside this assembly.</summary>
    public static OfflineMovieCatalog LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The embedded movie catalog is missing.");
        var file = JsonSerializer.Deserialize<CatalogFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The embedded movie catalog is empty.");
        var movies = file.Movies.Select(m => new Movie(
            m.Id, m.Title, m.Year, m.GenreIds, m.RuntimeMinutes, m.VoteAverage, m.OriginalLanguage, m.Overview,
            PosterUrl: null,
            m.Availability.ToDictionary(a => a.Key, a => (IReadOnlyList<int>)a.Value, StringComparer.OrdinalIgnoreCase),
            m.PosterPath));
        return new OfflineMovieCatalog(file.Genres, file.Providers, movies);
    }

    private static CatalogResult<T> Answer<T>(T value) => new(value, CatalogSource.Offline);

    private static MoviePage Slice(List<Movie> matches, int page, int pageSize) =>
        new(matches.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, matches.Count);

    private const string Accented = "àáâãäåāèéêëēìíîïīòóôõöøōùúûüūçñýÿ";
    private const string Plain = "aaaaaaaeeeeeiiiiiooooooouuuuucnyy";

    /// <summary>Lower case without common Latin accents (this build runs with invariant globalization, so no ICU folding).</summary>
    internal static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var i = Accented.IndexOf(c, StringComparison.Ordinal);
            builder.Append(i >= 0 ? Plain[i] : c);
        }

        return builder.ToString();
    }

    private sealed record CatalogFile(
        bool AvailabilityIsSample,
        List<MovieGenre> Genres,
        List<OfflineProvider> Providers,
        List<FileMovie> Movies);

    private sealed record FileMovie(
        int Id,
        string Title,
        int? Year,
        List<int> GenreIds,
        int? RuntimeMinutes,
        double VoteAverage,
        string? OriginalLanguage,
        string Overview,
        Dictionary<string, List<int>> Availability,
        string? PosterPath);
}
