using Huddle.Core.Movies;

namespace Huddle.Core.Tests.Movies;

/// <summary>Small hand-made films and catalogs, so a test states exactly the data it relies on.</summary>
internal static class MovieBuilder
{
    public static Movie Film(
        int id,
        int[]? genres = null,
        int? year = 2000,
        double rating = 7.0,
        int? runtime = 100,
        string? title = null,
        Dictionary<string, int[]>? availability = null) =>
        new(id, title ?? $"Film {id}", year, genres ?? [18], runtime, rating, "en", "A film.", null,
            (availability ?? []).ToDictionary(a => a.Key, a => (IReadOnlyList<int>)a.Value));

    public static readonly MovieGenre[] Genres = [new(28, "Action"), new(35, "Comedy"), new(18, "Drama")];

    public static readonly OfflineProvider[] Providers =
    [
        new(8, "Netflix", ["US", "GB"]),
        new(9, "Amazon Prime Video", ["US"]),
        new(38, "BBC iPlayer", ["GB"]),
    ];

    public static OfflineMovieCatalog CatalogOf(params Movie[] movies) => new(Genres, Providers, movies);

    /// <summary>n dramas with distinct ids 1..n and ratings that decrease with the id.</summary>
    public static Movie[] Films(int n) => Enumerable.Range(1, n).Select(i => Film(i, rating: 9.0 - i * 0.001)).ToArray();
}
