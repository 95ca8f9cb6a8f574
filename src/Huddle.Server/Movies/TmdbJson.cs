using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huddle.Server.Movies;

// TMDB API v3 response shapes (snake_case), only the fields Huddle reads.

internal static class TmdbJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

/// <summary>Every list endpoint: <c>{page, results, total_pages, total_results}</c>.</summary>
internal sealed record TmdbPage(int Page, List<TmdbMovieResult>? Results, int TotalPages, int TotalResults);

/// <summary>A film in a discover or search list.</summary>
internal sealed record TmdbMovieResult(
    int Id,
    string? Title,
    string? OriginalTitle,
    string? Overview,
    string? ReleaseDate,
    List<int>? GenreIds,
    double VoteAverage,
    string? OriginalLanguage,
    string? PosterPath,
    string? BackdropPath = null);

/// <summary><c>GET /movie/{id}?append_to_response=watch/providers</c>.</summary>
internal sealed record TmdbMovieDetails(
    int Id,
    string? Title,
    string? OriginalTitle,
    string? Overview,
    string? ReleaseDate,
    List<TmdbGenre>? Genres,
    int? Runtime,
    double VoteAverage,
    string? OriginalLanguage,
    string? PosterPath,
    string? BackdropPath,
    [property: JsonPropertyName("watch/providers")] TmdbWatchProviders? WatchProviders);

internal sealed record TmdbGenre(int Id, string Name);

/// <summary><c>GET /genre/movie/list</c>.</summary>
internal sealed record TmdbGenreList(List<TmdbGenre>? Genres);

/// <summary><c>GET /watch/providers/movie</c>.</summary>
internal sealed record TmdbProviderList(List<TmdbProvider>? Results);

internal sealed record TmdbProvider(
    int ProviderId,
    string? ProviderName,
    string? LogoPath,
    int DisplayPriority,
    Dictionary<string, int>? DisplayPriorities);

/// <summary>A film's <c>watch/providers</c>: per region, the providers by way of watching.</summary>
internal sealed record TmdbWatchProviders(Dictionary<string, TmdbRegionProviders>? Results);

internal sealed record TmdbRegionProviders(
    string? Link,
    List<TmdbProvider>? Flatrate,
    List<TmdbProvider>? Free,
    List<TmdbProvider>? Ads,
    List<TmdbProvider>? Rent,
    List<TmdbProvider>? Buy);

/// <summary><c>GET /configuration</c>: where images live and in which sizes.</summary>
internal sealed record TmdbConfiguration(TmdbImageConfiguration? Images);

internal sealed record TmdbImageConfiguration(string? SecureBaseUrl, List<string>? PosterSizes, List<string>? BackdropSizes);

/// <summary><c>GET /movie/{id}/watch/providers</c>.</summary>
internal sealed record TmdbFilmWatchProviders(int Id, Dictionary<string, TmdbRegionProviders>? Results);

/// <summary>TMDB's error body: <c>{success: false, status_code, status_message}</c>.</summary>
internal sealed record TmdbError(int StatusCode, string? StatusMessage);
