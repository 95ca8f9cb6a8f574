using System.Collections.Concurrent;
using System.Globalization;
using Huddle.Core.Movies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// A local stand-in for the TMDB API v3: a real Kestrel server on a loopback port serving the
/// documented response shapes (<c>{page, results, total_pages, total_results}</c> lists with
/// <c>genre_ids</c>, movie details with <c>append_to_response=watch/providers</c>, the genre and
/// watch-provider lists, and <c>{success, status_code, status_message}</c> errors). Its films are the
/// offline catalog's, so a test can compare the two. It records every request, can be slowed down,
/// and can be told to answer the next requests with scripted failures (401, 429 + Retry-After, 5xx).
/// </summary>
public sealed class TmdbStandIn : IAsyncDisposable
{
    public const string ApiKey = "stand-in-api-key";
    public const string AccessToken = "stand-in-read-access-token";
    private const int PageSize = 20;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Scripted> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _disposed;

    private TmdbStandIn(WebApplication app) => _app = app;

    public static OfflineMovieCatalog Data { get; } = OfflineMovieCatalog.LoadEmbedded();

    /// <summary>The API root, like https://api.themoviedb.org/3.</summary>
    public string BaseUrl => _app.Urls.First() + "/3";

    /// <summary>How long every answer takes (a slow or hanging TMDB).</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The poster sizes <c>/configuration</c> lists (TMDB's own by default).</summary>
    public string[] PosterSizes { get; set; } = ["w92", "w154", "w185", "w342", "w500", "w780", "original"];

    /// <summary>The image base <c>/configuration</c> lists.</summary>
    public string SecureImageBaseUrl { get; set; } = "https://image.tmdb.org/t/p/";

    public int CountOf(string path) => _requests.Count(r => r.Path == path);

    /// <summary>The next request (after the credentials check) gets this answer instead of its own.</summary>
    public void AnswerNextWith(int status, int? retryAfterSeconds = null, string? message = null) =>
        _script.Enqueue(new Scripted(status, retryAfterSeconds, message ?? $"Scripted failure {status}."));

    public static async Task<TmdbStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new TmdbStandIn(app);
        app.Use(standIn.GateAsync);
        app.MapGet("/3/genre/movie/list", () => Results.Json(new { genres = Data.Genres.Select(g => new { id = g.Id, name = g.Name }) }));
        app.MapGet("/3/watch/providers/movie", (HttpRequest request) => Providers(request));
        app.MapGet("/3/discover/movie", (HttpRequest request) => Discover(request));
        app.MapGet("/3/search/movie", (HttpRequest request) => Search(request));
        app.MapGet("/3/movie/{id:int}", (int id, HttpRequest request) => Details(id, request));
        app.MapGet("/3/movie/{id:int}/watch/providers", (int id) => Data.Find(id) is { } m
            ? Results.Json(new { id, results = WatchProviders(m) })
            : Error(StatusCodes.Status404NotFound, 34, "The resource you requested could not be found."));
        app.MapGet("/3/configuration", () => Results.Json(new
        {
            images = new
            {
                base_url = standIn.SecureImageBaseUrl.Replace("https:", "http:", StringComparison.Ordinal),
                secure_base_url = standIn.SecureImageBaseUrl,
                backdrop_sizes = new[] { "w300", "w780", "w1280", "original" },
                logo_sizes = new[] { "w45", "w92", "w154", "w185", "w300", "w500", "original" },
                poster_sizes = standIn.PosterSizes,
            },
            change_keys = new[] { "poster_sizes" },
        }));
        app.MapFallback(() => Error(StatusCodes.Status404NotFound, 34, "The resource you requested could not be found."));
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Records the request, applies the delay, checks credentials like TMDB, then plays any scripted failure.</summary>
    private async Task GateAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        _requests.Enqueue(new RecordedRequest(
            request.Path.Value!,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.Authorization.ToString()));
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, http.RequestAborted);

        var bearer = request.Headers.Authorization.ToString() == $"Bearer {AccessToken}";
        if (!bearer && request.Query["api_key"] != ApiKey)
        {
            await Error(StatusCodes.Status401Unauthorized, 7, "Invalid API key: You must be granted a valid key.").ExecuteAsync(http);
            return;
        }

        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfterSeconds is { } seconds)
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var code = scripted.Status == StatusCodes.Status429TooManyRequests ? 25 : 11;
            await Error(scripted.Status, code, scripted.Message).ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    private static IResult Providers(HttpRequest request)
    {
        var region = request.Query["watch_region"].ToString().ToUpperInvariant();
        var offered = Data.Providers.Select((p, index) => (Provider: p, Priority: index))
            .Where(x => region.Length == 0 || x.Provider.Regions.Contains(region));
        return Results.Json(new
        {
            results = offered.Select(x => new
            {
                display_priorities = x.Provider.Regions.ToDictionary(r => r, _ => x.Priority),
                display_priority = x.Priority,
                logo_path = $"/logo{x.Provider.Id}.jpg",
                provider_name = x.Provider.Name,
                provider_id = x.Provider.Id,
            }),
        });
    }

    /// <summary>TMDB's filters as documented: "|" is or, "," is and; dates are release dates.</summary>
    private static IResult Discover(HttpRequest request)
    {
        var q = request.Query;
        IEnumerable<Movie> films = Data.Movies;
        if (q["with_genres"].ToString() is { Length: > 0 } genres)
        {
            var ids = genres.Split('|', ',').Select(int.Parse).ToList();
            films = genres.Contains(',', StringComparison.Ordinal)
                ? films.Where(m => ids.All(m.GenreIds.Contains))
                : films.Where(m => ids.Any(m.GenreIds.Contains));
        }

        if (q["with_watch_providers"].ToString() is { Length: > 0 } providers)
        {
            var region = q["watch_region"].ToString();
            if (region.Length == 0) return Error(StatusCodes.Status422UnprocessableEntity, 5, "watch_region is required with with_watch_providers.");
            var ids = providers.Split('|').Select(int.Parse).ToList();
            films = films.Where(m => m.ProviderIdsIn(region).Any(ids.Contains));
        }

        if (q["primary_release_date.gte"].ToString() is { Length: > 0 } from)
            films = films.Where(m => string.CompareOrdinal(ReleaseDate(m), from) >= 0);
        if (q["primary_release_date.lte"].ToString() is { Length: > 0 } to)
            films = films.Where(m => string.CompareOrdinal(ReleaseDate(m), to) <= 0);
        if (q["vote_average.gte"].ToString() is { Length: > 0 } rating)
            films = films.Where(m => m.Rating >= double.Parse(rating, CultureInfo.InvariantCulture));
        if (q["with_runtime.lte"].ToString() is { Length: > 0 } runtime)
            films = films.Where(m => m.RuntimeMinutes <= int.Parse(runtime, CultureInfo.InvariantCulture));
        return Paged(request, ByPopularity(films));
    }

    private static IResult Search(HttpRequest request)
    {
        var text = request.Query["query"].ToString();
        if (text.Length == 0) return Paged(request, []);
        return Paged(request, ByPopularity(Data.Movies.Where(m => m.Title.Contains(text, StringComparison.OrdinalIgnoreCase))));
    }

    private static IResult Details(int id, HttpRequest request)
    {
        if (Data.Find(id) is not { } m) return Error(StatusCodes.Status404NotFound, 34, "The resource you requested could not be found.");
        var body = new Dictionary<string, object?>
        {
            ["adult"] = false,
            ["id"] = m.Id,
            ["title"] = m.Title,
            ["original_title"] = m.Title,
            ["overview"] = m.Overview,
            ["release_date"] = ReleaseDate(m),
            ["genres"] = m.GenreIds.Select(g => new { id = g, name = Data.Genres.Single(x => x.Id == g).Name }),
            ["runtime"] = m.RuntimeMinutes,
            ["vote_average"] = m.Rating,
            ["vote_count"] = 1000,
            ["original_language"] = m.OriginalLanguage,
            ["poster_path"] = $"/poster{m.Id}.jpg",
            ["backdrop_path"] = $"/backdrop{m.Id}.jpg",
            ["status"] = "Released",
        };
        if (request.Query["append_to_response"].ToString().Split(',').Contains("watch/providers"))
        {
            body["watch/providers"] = new { results = WatchProviders(m) };
        }

        return Results.Json(body);
    }

    /// <summary>A film's offers per region: stores (2, 3) rent and sell, the others stream.</summary>
    private static Dictionary<string, object> WatchProviders(Movie m) => m.Availability.ToDictionary(a => a.Key, a => (object)new
    {
        link = $"https://www.themoviedb.org/movie/{m.Id}/watch?locale={a.Key}",
        flatrate = a.Value.Where(p => p is not (2 or 3)).Select(ProviderEntry),
        rent = a.Value.Where(p => p is 2 or 3).Select(ProviderEntry),
        buy = a.Value.Where(p => p is 2 or 3).Select(ProviderEntry),
    });

    private static object ProviderEntry(int id) => new
    {
        logo_path = $"/logo{id}.jpg",
        provider_id = id,
        provider_name = Data.Providers.Single(p => p.Id == id).Name,
        display_priority = 1,
    };

    private static IResult Paged(HttpRequest request, List<Movie> films)
    {
        var page = request.Query["page"].ToString() is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : 1;
        if (page is < 1 or > 500) return Error(StatusCodes.Status400BadRequest, 22, "Invalid page: Pages start at 1 and max at 500.");
        var totalPages = (films.Count + PageSize - 1) / PageSize;
        return Results.Json(new
        {
            page,
            results = films.Skip((page - 1) * PageSize).Take(PageSize).Select(m => new
            {
                adult = false,
                backdrop_path = $"/backdrop{m.Id}.jpg",
                genre_ids = m.GenreIds,
                id = m.Id,
                original_language = m.OriginalLanguage,
                original_title = m.Title,
                overview = m.Overview,
                popularity = m.Rating * 10,
                poster_path = $"/poster{m.Id}.jpg",
                release_date = ReleaseDate(m),
                title = m.Title,
                video = false,
                vote_average = m.Rating,
                vote_count = 1000,
            }),
            total_pages = totalPages,
            total_results = films.Count,
        });
    }

    // The same order as the offline catalog's discover, so the two can be compared.
    private static List<Movie> ByPopularity(IEnumerable<Movie> films) =>
        films.OrderByDescending(m => m.Rating).ThenBy(m => m.Title, StringComparer.Ordinal).ThenBy(m => m.Id).ToList();

    private static string ReleaseDate(Movie m) => $"{m.Year:D4}-06-15";

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new { success = false, status_code = code, status_message = message }, statusCode: status);

    private sealed record Scripted(int Status, int? RetryAfterSeconds, string Message);
}

public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Query, string Authorization);
