using Huddle.Core;

using Huddle.Core.Movies;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

/// <summary>
/// TMDB first, the offline catalog when TMDB cannot answer. A fallback answer carries
/// <see cref="CatalogSource.Offline"/> and a <see cref="CatalogResult{T}.Notice"/> saying why, so the
/// session can show it. After a failure TMDB is left alone for <see cref="TmdbOptions.FailureCooldown"/>,
/// so an outage costs the group one timeout, not one per request. User errors (invalid_input,
/// movie_not_found) and cancellation pass through untouched.
/// </summary>
public sealed partial class FallbackMovieCatalog(
    IMovieCatalog primary,
    OfflineMovieCatalog offline,
    IOptions<TmdbOptions> options,
    TimeProvider time,
    ILogger<FallbackMovieCatalog> log) : IMovieCatalog
{
    private readonly Lock _gate = new();
    private DateTimeOffset _retryPrimaryAt = DateTimeOffset.MinValue;
    private CatalogFailure _lastFailure;

    /// <summary>Why the last TMDB call failed, while the cooldown lasts; null when TMDB is being asked.</summary>
    public CatalogFailure? CurrentFailure
    {
        get
        {
            lock (_gate) return time.GetUtcNow() < _retryPrimaryAt ? _lastFailure : null;
        }
    }

    public Task<CatalogResult<IReadOnlyList<MovieGenre>>> GetGenresAsync(CancellationToken ct = default) =>
        AskAsync(c => c.GetGenresAsync(ct));

    public Task<CatalogResult<IReadOnlyList<StreamingProvider>>> GetProvidersAsync(string region, CancellationToken ct = default) =>
        AskAsync(c => c.GetProvidersAsync(region, ct));

    public Task<CatalogResult<MoviePage>> DiscoverAsync(
        MoviePreferences preferences, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default) =>
        AskAsync(c => c.DiscoverAsync(preferences, page, pageSize, ct));

    public Task<CatalogResult<MoviePage>> SearchAsync(
        string query, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default) =>
        AskAsync(c => c.SearchAsync(query, page, pageSize, ct));

    public Task<CatalogResult<Movie>> GetMovieAsync(int movieId, CancellationToken ct = default) =>
        AskAsync(c => c.GetMovieAsync(movieId, ct));

    public Task<CatalogResult<WatchOptions>> GetWatchOptionsAsync(int movieId, string region, CancellationToken ct = default) =>
        AskAsync(c => c.GetWatchOptionsAsync(movieId, region, ct));

    /// <summary>The notice shown with a fallback answer.</summary>
    public static string NoticeFor(CatalogFailure failure)
    {
        var reason = failure switch
        {
            CatalogFailure.Unauthorized => "TMDB rejected this server's API credentials",
            CatalogFailure.RateLimited => "TMDB is limiting this server's requests",
            CatalogFailure.ServerError => "TMDB is having problems",
            CatalogFailure.Timeout => "TMDB did not answer in time",
            CatalogFailure.Unreachable => "TMDB could not be reached",
            CatalogFailure.Rejected or CatalogFailure.InvalidResponse => "TMDB gave an unexpected answer",
        };
        return $"{reason}, so these results come from Huddle's built-in catalog; its streaming availability is sample data.";
    }

    private async Task<CatalogResult<T>> AskAsync<T>(Func<IMovieCatalog, Task<CatalogResult<T>>> ask)
    {
        if (CurrentFailure is { } down) return await FromOfflineAsync(ask, down);
        try
        {
            return await ask(primary);
        }
        catch (MovieCatalogUnavailableException e)
        {
            lock (_gate)
            {
                _lastFailure = e.Failure;
                _retryPrimaryAt = time.GetUtcNow() + options.Value.FailureCooldown;
            }

            LogFallback(e.Failure, options.Value.FailureCooldown.TotalSeconds);
            return await FromOfflineAsync(ask, e.Failure);
        }
    }

    private async Task<CatalogResult<T>> FromOfflineAsync<T>(Func<IMovieCatalog, Task<CatalogResult<T>>> ask, CatalogFailure failure) =>
        (await ask(offline)) with { Notice = NoticeFor(failure) };

    [LoggerMessage(EventId = Log.MovieCatalogFallback, Level = LogLevel.Warning,
        Message = "Movie catalog: TMDB unavailable ({Failure}); answering from the offline catalog for the next {CooldownSeconds} s")]
    private partial void LogFallback(CatalogFailure failure, double cooldownSeconds);
}
