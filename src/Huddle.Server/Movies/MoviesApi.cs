using System.Globalization;
using System.Text.Json;
using Huddle.Core;
using Huddle.Core.Movies;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Movies;

/// <summary>
/// The movie catalog (SPEC §4): genre and provider names come only from here — the web app has no
/// copy — plus title search and discover by preferences. Every answer says its source and carries
/// the notice when TMDB failed and the offline catalog answered.
/// </summary>
public static class MoviesApi
{
    public static IEndpointRouteBuilder MapMovies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/movies").WithTags("Movies");
        group.MapGet("/", Find).ProducesProblem(400);
        group.MapGet("/genres", Genres);
        group.MapGet("/providers", Providers).ProducesProblem(400);
        group.MapGet("/{movieId:int}/watch", Watch).ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/images", async (MovieImages images, CancellationToken ct) => TypedResults.Ok(await images.GetAsync(ct)));
        return app;
    }

    /// <summary>The <c>preferences</c> of a create request; absent or null means the defaults.</summary>
    public static MoviePreferences? ParsePreferences(JsonElement? json)
    {
        if (json is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } element) return null;
        if (element.ValueKind != JsonValueKind.Object) throw Errors.InvalidInput("preferences must be a JSON object.");
        try
        {
            return element.Deserialize<MoviePreferences>(WireJson.Options);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "preferences";
            throw Errors.InvalidInput($"preferences.{field} has the wrong type.");
        }
    }

    private static async Task<Ok<CatalogListDto<GenreDto>>> Genres(IMovieCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok((await catalog.GetGenresAsync(ct)).ToDto(g => new GenreDto(g.Id, g.Name)));

    private static async Task<Ok<CatalogListDto<ProviderDto>>> Providers(string? region, IMovieCatalog catalog, CancellationToken ct)
    {
        var answer = await catalog.GetProvidersAsync(MoviePreferencesValidator.NormalizeRegion(region), ct);
        return TypedResults.Ok(answer.ToDto(p => new ProviderDto(p.Id, p.Name, p.LogoUrl, p.DisplayPriority)));
    }

    /// <summary>Where to watch a film in <c>region</c> (default US): TMDB's providers with their attribution, or the sample data.</summary>
    private static async Task<Ok<WatchOptionsDto>> Watch(int movieId, string? region, IMovieCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok((await catalog.GetWatchOptionsAsync(movieId, MoviePreferencesValidator.NormalizeRegion(region), ct)).ToDto());

    /// <summary>With <c>q</c>: films whose title matches. Without: films matching the preference filters.</summary>
    private static async Task<Ok<MoviePageDto>> Find(
        string? q, string[]? genreIds, string[]? providerIds, string? region, int? yearFrom, int? yearTo, double? minRating,
        int? maxRuntimeMinutes, int? page, int? pageSize, IMovieCatalog catalog, CancellationToken ct)
    {
        var area = MoviePreferencesValidator.NormalizeRegion(region);
        if (!string.IsNullOrEmpty(q))
            return TypedResults.Ok((await catalog.SearchAsync(q, page ?? 1, pageSize ?? MoviePaging.DefaultPageSize, ct)).ToDto(area));

        var preferences = await catalog.ValidatePreferencesAsync(new MoviePreferences
        {
            GenreIds = Ids(genreIds, "genreIds"),
            ProviderIds = Ids(providerIds, "providerIds"),
            Region = area,
            YearFrom = yearFrom,
            YearTo = yearTo,
            MinRating = minRating,
            MaxRuntimeMinutes = maxRuntimeMinutes,
        }, ct);
        var answer = await catalog.DiscoverAsync(preferences, page ?? 1, pageSize ?? MoviePaging.DefaultPageSize, ct);
        return TypedResults.Ok(answer.ToDto(area));
    }

    /// <summary>Ids as <c>?genreIds=28,35</c> or <c>?genreIds=28&amp;genreIds=35</c>.</summary>
    private static List<int> Ids(string[]? values, string name)
    {
        var ids = new List<int>();
        foreach (var part in (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw Errors.InvalidInput($"{name} must be a comma-separated list of ids.");
            ids.Add(id);
        }

        return ids;
    }
}
