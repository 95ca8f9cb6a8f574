using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Huddle.Core;
using Huddle.Core.Movies;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

/// <summary>
/// The TMDB API v3 catalog (a typed HttpClient). Answers are cached; each request has its own
/// timeout; 429 (honouring Retry-After) and 5xx answers and failed connections are retried with
/// exponential backoff. Anything TMDB cannot answer becomes a <see cref="MovieCatalogUnavailableException"/>
/// naming the reason (bad credentials, timeout, outage), which <see cref="FallbackMovieCatalog"/> turns
/// into an offline answer with a notice. Unknown films are <c>movie_not_found</c> as usual.
/// </summary>
public sealed partial class TmdbMovieCatalog : IMovieCatalog
{
    /// <summary>TMDB's fixed page size.</summary>
    public const int TmdbPageSize = 20;

    /// <summary>TMDB serves pages 1 to 500.</summary>
    public const int TmdbMaxPage = 500;

    private readonly HttpClient _http;
    private readonly TmdbOptions _options;
    private readonly TmdbResponseCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<TmdbMovieCatalog> _log;
    private readonly Uri _baseUri;

    public TmdbMovieCatalog(
        HttpClient http, IOptions<TmdbOptions> options, TmdbResponseCache cache, TimeProvider time, ILogger<TmdbMovieCatalog> log)
    {
        _http = http;
        _options = options.Value;
        _cache = cache;
        _time = time;
        _log = log;
        _baseUri = new Uri(_options.BaseUrl.TrimEnd('/') + "/");
    }

    public async Task<CatalogResult<IReadOnlyList<MovieGenre>>> GetGenresAsync(CancellationToken ct = default)
    {
        var list = await GetAsync<TmdbGenreList>("genre/movie/list", [("language", _options.Language)], ct);
        IReadOnlyList<MovieGenre> genres = (list.Genres ?? []).Select(g => new MovieGenre(g.Id, g.Name)).ToList();
        return Answer(genres);
    }

    public async Task<CatalogResult<IReadOnlyList<StreamingProvider>>> GetProvidersAsync(string region, CancellationToken ct = default)
    {
        var code = MoviePreferencesValidator.NormalizeRegion(region);
        var list = await GetAsync<TmdbProviderList>(
            "watch/providers/movie", [("language", _options.Language), ("watch_region", code)], ct);
        IReadOnlyList<StreamingProvider> providers = (list.Results ?? [])
            .Select(p => new StreamingProvider(
                p.ProviderId,
                p.ProviderName ?? $"Provider {p.ProviderId}",
                ImageUrl(p.LogoPath),
                p.DisplayPriorities?.GetValueOrDefault(code) ?? p.DisplayPriority))
            .OrderBy(p => p.DisplayPriority)
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return Answer(providers);
    }

    public async Task<CatalogResult<MoviePage>> DiscoverAsync(
        MoviePreferences preferences, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default)
    {
        MoviePaging.Validate(page, pageSize);
        var p = MoviePreferencesValidator.Normalize(preferences);
        var query = new List<(string, string)>
        {
            ("include_adult", "false"),
            ("include_video", "false"),
            ("language", _options.Language),
            ("sort_by", "popularity.desc"),
        };
        // A pipe is TMDB's "or": any of the genres, any of the providers.
        if (p.GenreIds.Count > 0) query.Add(("with_genres", string.Join('|', p.GenreIds)));
        if (p.ProviderIds.Count > 0)
        {
            query.Add(("with_watch_providers", string.Join('|', p.ProviderIds)));
            query.Add(("watch_region", p.Region));
        }

        if (p.YearFrom is { } from) query.Add(("primary_release_date.gte", $"{from:D4}-01-01"));
        if (p.YearTo is { } to) query.Add(("primary_release_date.lte", $"{to:D4}-12-31"));
        if (p.MinRating is { } rating)
        {
            query.Add(("vote_average.gte", rating.ToString("0.0##", CultureInfo.InvariantCulture)));
            if (_options.MinimumVoteCount > 0)
                query.Add(("vote_count.gte", _options.MinimumVoteCount.ToString(CultureInfo.InvariantCulture)));
        }

        if (p.MaxRuntimeMinutes is { } runtime) query.Add(("with_runtime.lte", runtime.ToString(CultureInfo.InvariantCulture)));
        return Answer(await PageAsync("discover/movie", query, page, pageSize, ct));
    }

    public async Task<CatalogResult<MoviePage>> SearchAsync(
        string query, int page = 1, int pageSize = MoviePaging.DefaultPageSize, CancellationToken ct = default)
    {
        MoviePaging.Validate(page, pageSize);
        var text = MoviePaging.NormalizeQuery(query);
        List<(string, string)> parameters = [("query", text), ("include_adult", "false"), ("language", _options.Language)];
        return Answer(await PageAsync("search/movie", parameters, page, pageSize, ct));
    }

    public async Task<CatalogResult<Movie>> GetMovieAsync(int movieId, CancellationToken ct = default)
    {
        if (movieId <= 0) throw MovieErrors.MovieNotFound(movieId);
        var details = await GetAsync<TmdbMovieDetails>(
            $"movie/{movieId.ToString(CultureInfo.InvariantCulture)}",
            [("append_to_response", "watch/providers"), ("language", _options.Language)], ct, notFound: () => MovieErrors.MovieNotFound(movieId));
        var availability = (details.WatchProviders?.Results ?? [])
            .ToDictionary(
                r => r.Key.ToUpperInvariant(),
                r => (IReadOnlyList<int>)new[] { r.Value.Flatrate, r.Value.Free, r.Value.Ads, r.Value.Rent, r.Value.Buy }
                    .SelectMany(list => list ?? [])
                    .Select(x => x.ProviderId)
                    .Distinct()
                    .ToList(),
                StringComparer.OrdinalIgnoreCase);
        return Answer(new Movie(
            details.Id,
            details.Title ?? details.OriginalTitle ?? "",
            YearOf(details.ReleaseDate),
            (details.Genres ?? []).Select(g => g.Id).ToList(),
            details.Runtime is > 0 ? details.Runtime : null,
            details.VoteAverage,
            details.OriginalLanguage,
            details.Overview ?? "",
            ImageUrl(details.PosterPath),
            availability,
            ImagePath(details.PosterPath),
            ImagePath(details.BackdropPath)));
    }

    /// <summary>
    /// <c>GET /movie/{id}/watch/providers</c>, the region's entry: each provider once per way of watching,
    /// in TMDB's display order, with the region's TMDB page as the link.
    /// </summary>
    public async Task<CatalogResult<WatchOptions>> GetWatchOptionsAsync(int movieId, string region, CancellationToken ct = default)
    {
        if (movieId <= 0) throw MovieErrors.MovieNotFound(movieId);
        var code = MoviePreferencesValidator.NormalizeRegion(region);
        var answer = await GetAsync<TmdbFilmWatchProviders>(
            $"movie/{movieId.ToString(CultureInfo.InvariantCulture)}/watch/providers", [], ct, notFound: () => MovieErrors.MovieNotFound(movieId));
        var here = answer.Results?.FirstOrDefault(r => string.Equals(r.Key, code, StringComparison.OrdinalIgnoreCase)).Value;
        if (here is null) return Answer(new WatchOptions(movieId, code, null, []));
        var offers = new (WatchOfferKind Kind, List<TmdbProvider>? List)[]
            {
                (WatchOfferKind.Stream, here.Flatrate), (WatchOfferKind.Free, here.Free), (WatchOfferKind.Ads, here.Ads),
                (WatchOfferKind.Rent, here.Rent), (WatchOfferKind.Buy, here.Buy),
            }
            .SelectMany(group => (group.List ?? []).Select(p => new WatchOffer(
                p.ProviderId, p.ProviderName ?? $"Provider {p.ProviderId}", ImageUrl(p.LogoPath), group.Kind, p.DisplayPriority)))
            .DistinctBy(o => (o.ProviderId, o.Kind))
            .ToList();
        var link = Uri.TryCreate(here.Link, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;
        return Answer(new WatchOptions(movieId, code, link, offers));
    }

    /// <summary>
    /// Maps a (page, pageSize) request onto TMDB's fixed pages of 20: fetches every TMDB page the
    /// slice touches (a deck of 60 is three requests, each cached) and cuts the slice out.
    /// </summary>
    private async Task<MoviePage> PageAsync(string path, List<(string, string)> query, int page, int pageSize, CancellationToken ct)
    {
        var offset = (page - 1) * pageSize;
        var firstPage = offset / TmdbPageSize + 1;
        var lastPage = Math.Min((offset + pageSize - 1) / TmdbPageSize + 1, TmdbMaxPage);
        var movies = new List<Movie>();
        var total = 0;
        for (var tmdbPage = firstPage; tmdbPage <= lastPage; tmdbPage++)
        {
            var answer = await GetAsync<TmdbPage>(path, [.. query, ("page", tmdbPage.ToString(CultureInfo.InvariantCulture))], ct);
            total = Math.Min(answer.TotalResults, TmdbPageSize * TmdbMaxPage);
            movies.AddRange((answer.Results ?? []).Select(ToMovie));
            if (tmdbPage >= answer.TotalPages) break;
        }

        var slice = movies.Skip(offset - (firstPage - 1) * TmdbPageSize).Take(pageSize).DistinctBy(m => m.Id).ToList();
        return new MoviePage(slice, page, pageSize, total);
    }

    private Movie ToMovie(TmdbMovieResult r) => new(
        r.Id,
        r.Title ?? r.OriginalTitle ?? "",
        YearOf(r.ReleaseDate),
        r.GenreIds ?? [],
        RuntimeMinutes: null, // list results carry no runtime; GetMovieAsync has it
        r.VoteAverage,
        r.OriginalLanguage,
        r.Overview ?? "",
        ImageUrl(r.PosterPath),
        new Dictionary<string, IReadOnlyList<int>>(),
        ImagePath(r.PosterPath),
        ImagePath(r.BackdropPath));

    private static int? YearOf(string? releaseDate) =>
        releaseDate is { Length: >= 4 } && int.TryParse(releaseDate.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? year
            : null;

    private string? ImageUrl(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : _options.ImageBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');

    /// <summary>A TMDB image path as the web app may use it: one segment, <c>/name.ext</c>, nothing that could leave the image host.</summary>
    internal static string? ImagePath(string? path) =>
        path is { Length: > 1 and <= 100 } && path[0] == '/' && path.AsSpan(1).IndexOfAnyExcept(SafePathChars) < 0 ? path : null;

    private static readonly System.Buffers.SearchValues<char> SafePathChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>TMDB's image configuration (base URL and sizes), cached like every answer.</summary>
    internal async Task<TmdbImageConfiguration> GetImageConfigurationAsync(CancellationToken ct) =>
        (await GetAsync<TmdbConfiguration>("configuration", [], ct)).Images
        ?? throw Fail(CatalogFailure.InvalidResponse, "configuration", null, "TMDB's configuration has no images section.");

    private static CatalogResult<T> Answer<T>(T value) => new(value, CatalogSource.Tmdb);

    /// <summary>A cached answer, or one fetched (with retries) and cached. The cache key never holds the API key.</summary>
    private async Task<T> GetAsync<T>(
        string path, IEnumerable<(string Name, string Value)> query, CancellationToken ct, Func<Exception>? notFound = null)
        where T : class
    {
        var key = path + "?" + string.Join('&', query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
        if (_cache.TryGet<T>(key, out var cached)) return cached;

        var body = await SendAsync(path, key, ct);
        if (body is null) throw notFound?.Invoke() ?? Fail(CatalogFailure.Rejected, path, HttpStatusCode.NotFound, "TMDB has no such endpoint; check Movies:Tmdb:BaseUrl.");

        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(body, TmdbJson.Options);
        }
        catch (JsonException e)
        {
            throw Fail(CatalogFailure.InvalidResponse, path, null, $"TMDB's answer is not the documented JSON ({e.Message}).", e);
        }

        if (value is null) throw Fail(CatalogFailure.InvalidResponse, path, null, "TMDB answered with an empty body.");
        _cache.Set(key, value, _options.CacheDuration, _options.CacheSizeLimit);
        return value;
    }

    /// <summary>The body of a 2xx answer, or null for a 404; anything else throws after the allowed retries.</summary>
    private async Task<string?> SendAsync(string path, string relative, CancellationToken ct)
    {
        var uri = new Uri(_baseUri, _options.ReadAccessToken is { Length: > 0 } || string.IsNullOrWhiteSpace(_options.ApiKey)
            ? relative
            : relative + "&api_key=" + Uri.EscapeDataString(_options.ApiKey));
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (!string.IsNullOrWhiteSpace(_options.ReadAccessToken))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ReadAccessToken);

            using var timeout = new CancellationTokenSource(_options.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            TimeSpan? retryAfter;
            HttpStatusCode status;
            string? message;
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                status = response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(linked.Token);
                if (response.IsSuccessStatusCode) return body;
                if (status == HttpStatusCode.NotFound) return null;
                message = StatusMessage(body);
                retryAfter = RetryAfter(response);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw Fail(CatalogFailure.Timeout, path, null, $"TMDB did not answer within {_options.Timeout.TotalSeconds:0.##} s.", e);
            }
            catch (HttpRequestException e)
            {
                if (attempt < _options.MaxRetries)
                {
                    await BackOffAsync(path, attempt, null, null, ct);
                    continue;
                }

                throw Fail(CatalogFailure.Unreachable, path, null, $"TMDB could not be reached ({e.Message}).", e);
            }

            var failure = status switch
            {
                HttpStatusCode.Unauthorized => CatalogFailure.Unauthorized,
                HttpStatusCode.TooManyRequests => CatalogFailure.RateLimited,
                >= HttpStatusCode.InternalServerError => CatalogFailure.ServerError,
                _ => CatalogFailure.Rejected,
            };
            var detail = failure switch
            {
                CatalogFailure.Unauthorized =>
                    $"TMDB rejected the credentials: {message ?? "401 Unauthorized"}. Check Movies:Tmdb:ApiKey or Movies:Tmdb:ReadAccessToken.",
                CatalogFailure.RateLimited => $"TMDB is rate-limiting requests: {message ?? "429 Too Many Requests"}.",
                CatalogFailure.ServerError => $"TMDB failed with HTTP {(int)status}: {message ?? status.ToString()}.",
                _ => $"TMDB refused the request with HTTP {(int)status}: {message ?? status.ToString()}.",
            };
            var retryable = failure is CatalogFailure.RateLimited or CatalogFailure.ServerError;
            if (!retryable || attempt >= _options.MaxRetries) throw Fail(failure, path, status, detail);
            if (retryAfter > _options.MaxRetryAfter)
                throw Fail(failure, path, status, $"{detail} It asked to wait {retryAfter.Value.TotalSeconds:0} s, longer than Movies:Tmdb:MaxRetryAfter.");
            await BackOffAsync(path, attempt, status, retryAfter, ct);
        }
    }

    private async Task BackOffAsync(string path, int attempt, HttpStatusCode? status, TimeSpan? retryAfter, CancellationToken ct)
    {
        // Retry-After wins; otherwise exponential backoff with a little jitter so many servers do not retry in step.
        var delay = retryAfter ?? _options.RetryBaseDelay * Math.Pow(2, attempt) * (1 + Random.Shared.NextDouble() * 0.2);
        LogRetry(path, status is { } s ? (int)s : 0, attempt + 1, delay.TotalMilliseconds);
        await Task.Delay(delay, _time, ct);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string? StatusMessage(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<TmdbError>(body, TmdbJson.Options);
            if (error?.StatusMessage is { Length: > 0 } text)
                return error.StatusCode > 0 ? $"{text} (TMDB status {error.StatusCode})" : text;
        }
        catch (JsonException)
        {
            // Not TMDB's error shape (a proxy's HTML page, say): report the HTTP status alone.
        }

        return null;
    }

    private MovieCatalogUnavailableException Fail(
        CatalogFailure failure, string path, HttpStatusCode? status, string message, Exception? inner = null)
    {
        LogFailure(path, failure, message);
        return new MovieCatalogUnavailableException(failure, message, status is { } s ? (int)s : null, inner);
    }

    [LoggerMessage(EventId = Log.TmdbRetry, Level = LogLevel.Information, Message = "TMDB {Path}: HTTP {Status}, retry {Attempt} in {DelayMs:0} ms")]
    private partial void LogRetry(string path, int status, int attempt, double delayMs);

    [LoggerMessage(EventId = Log.TmdbFailed, Level = LogLevel.Warning, Message = "TMDB {Path} failed ({Failure}): {Detail}")]
    private partial void LogFailure(string path, CatalogFailure failure, string detail);
}
