using System.Text.RegularExpressions;

namespace Huddle.Core.Movies;

/// <summary>
/// What a movie session's host asks for (SPEC §3.2): any of these genres, on any of these
/// streaming providers in the region, optionally within a year range, at or above a rating and
/// at or below a runtime. An empty genre or provider list means "any".
/// </summary>
public sealed record MoviePreferences
{
    public const string DefaultRegion = "US";

    public IReadOnlyList<int> GenreIds { get; init; } = [];

    public IReadOnlyList<int> ProviderIds { get; init; } = [];

    /// <summary>ISO 3166-1 alpha-2 country code, e.g. US, GB, DE.</summary>
    public string Region { get; init; } = DefaultRegion;

    public int? YearFrom { get; init; }

    public int? YearTo { get; init; }

    /// <summary>Minimum vote average, 0–10.</summary>
    public double? MinRating { get; init; }

    /// <summary>Maximum runtime in minutes, 1–600.</summary>
    public int? MaxRuntimeMinutes { get; init; }

    public bool Matches(Movie movie) =>
        (GenreIds.Count == 0 || movie.GenreIds.Any(GenreIds.Contains))
        && (ProviderIds.Count == 0 || movie.ProviderIdsIn(Region).Any(ProviderIds.Contains))
        && (YearFrom is not { } from || movie.Year >= from)
        && (YearTo is not { } to || movie.Year <= to)
        && (MinRating is not { } rating || movie.Rating >= rating)
        && (MaxRuntimeMinutes is not { } runtime || movie.RuntimeMinutes <= runtime);
}

/// <summary>
/// Checks preferences in two steps: <see cref="Normalize"/> checks their shape (region format,
/// ranges, list sizes) without the catalog; <see cref="Validate"/> also checks every genre and
/// provider id against the catalog's one id↔name mapping. Both return a cleaned copy (region
/// upper-case, ids de-duplicated) or throw a <see cref="HuddleException"/> naming the first problem.
/// </summary>
public static partial class MoviePreferencesValidator
{
    public const int MaxGenres = 19;
    public const int MaxProviders = 20;
    public const int MinYear = 1870;
    public const int MaxYear = 2100;
    public const int MaxRuntimeMinutes = 600;

    public static MoviePreferences Normalize(MoviePreferences? preferences)
    {
        var p = preferences ?? new MoviePreferences();
        var region = NormalizeRegion(p.Region);
        // JSON may carry explicit nulls into the non-nullable lists.
        var genres = (p.GenreIds ?? []).Distinct().ToList();
        var providers = (p.ProviderIds ?? []).Distinct().ToList();

        if (genres.Count > MaxGenres)
            throw Errors.InvalidInput($"Choose at most {MaxGenres} genres.");
        if (providers.Count > MaxProviders)
            throw Errors.InvalidInput($"Choose at most {MaxProviders} streaming providers.");
        if (p.YearFrom is { } from && from is < MinYear or > MaxYear)
            throw Errors.InvalidInput($"yearFrom must be between {MinYear} and {MaxYear}.");
        if (p.YearTo is { } to && to is < MinYear or > MaxYear)
            throw Errors.InvalidInput($"yearTo must be between {MinYear} and {MaxYear}.");
        if (p.YearFrom > p.YearTo)
            throw Errors.InvalidInput("yearFrom must not be after yearTo.");
        if (p.MinRating is { } rating && (double.IsNaN(rating) || rating < 0 || rating > 10))
            throw Errors.InvalidInput("minRating must be between 0 and 10.");
        if (p.MaxRuntimeMinutes is { } runtime && runtime is < 1 or > MaxRuntimeMinutes)
            throw Errors.InvalidInput($"maxRuntimeMinutes must be between 1 and {MaxRuntimeMinutes}.");

        return p with { Region = region, GenreIds = genres, ProviderIds = providers };
    }

    /// <summary>Shape checks plus: every genre id is a known genre, every provider is offered in the region.</summary>
    public static MoviePreferences Validate(
        MoviePreferences? preferences, IEnumerable<MovieGenre> genres, IEnumerable<StreamingProvider> providersInRegion)
    {
        var p = Normalize(preferences);
        var knownGenres = genres.Select(g => g.Id).ToHashSet();
        foreach (var id in p.GenreIds)
        {
            if (!knownGenres.Contains(id)) throw MovieErrors.UnknownGenre(id);
        }

        var knownProviders = providersInRegion.Select(x => x.Id).ToHashSet();
        foreach (var id in p.ProviderIds)
        {
            if (!knownProviders.Contains(id)) throw MovieErrors.UnknownProvider(id, p.Region);
        }

        return p;
    }

    /// <summary>Null means the default region; anything else must be two ASCII letters (any case).</summary>
    public static string NormalizeRegion(string? region)
    {
        if (region is null) return MoviePreferences.DefaultRegion;
        var trimmed = region.Trim();
        if (!RegionPattern().IsMatch(trimmed))
            throw Errors.InvalidInput("region must be an ISO 3166-1 alpha-2 country code such as US or GB.");
        return trimmed.ToUpperInvariant();
    }

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex RegionPattern();
}

/// <summary>Paging limits shared by every catalog, so an offline and a TMDB answer page alike.</summary>
public static class MoviePaging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>TMDB serves at most 500 pages of 20; nothing beyond can be paged to.</summary>
    public const int MaxResults = 10_000;

    public const int MaxQueryLength = 100;

    public static void Validate(int page, int pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
            throw Errors.InvalidInput($"pageSize must be between 1 and {MaxPageSize}.");
        if (page < 1 || (long)(page - 1) * pageSize >= MaxResults)
            throw Errors.InvalidInput($"page must be at least 1 and stay within the first {MaxResults} results.");
    }

    public static string NormalizeQuery(string? query)
    {
        var trimmed = query?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxQueryLength)
            throw Errors.InvalidInput($"A search needs 1 to {MaxQueryLength} characters.");
        if (trimmed.Any(char.IsControl))
            throw Errors.InvalidInput("A search must not contain control characters.");
        return trimmed;
    }
}
