using Huddle.Core.Movies;
using static Huddle.Core.Tests.Movies.MovieBuilder;

namespace Huddle.Core.Tests.Movies;

public class OfflineMovieCatalogTests
{
    private static readonly OfflineMovieCatalog Embedded = OfflineMovieCatalog.LoadEmbedded();

    [Fact]
    public void LoadEmbedded_Has300To400FilmsWithUniqueIds()
    {
        Assert.InRange(Embedded.Movies.Count, 300, 400);
        Assert.Equal(Embedded.Movies.Count, Embedded.Movies.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public void LoadEmbedded_HasTmdbsOfficialGenreList()
    {
        int[] tmdbGenreIds = [28, 12, 16, 35, 80, 99, 18, 10751, 14, 36, 27, 10402, 9648, 10749, 878, 10770, 53, 10752, 37];

        Assert.Equal(tmdbGenreIds.Order(), Embedded.Genres.Select(g => g.Id).Order());
        Assert.Equal("Science Fiction", Embedded.Genres.Single(g => g.Id == 878).Name);
        Assert.Equal("TV Movie", Embedded.Genres.Single(g => g.Id == 10770).Name);
    }

    [Fact]
    public void LoadEmbedded_EveryFilmsGenresExist()
    {
        var genres = Embedded.Genres.Select(g => g.Id).ToHashSet();

        Assert.All(Embedded.Movies, m =>
        {
            Assert.NotEmpty(m.GenreIds);
            Assert.All(m.GenreIds, g => Assert.Contains(g, genres));
        });
    }

    [Fact]
    public void LoadEmbedded_EveryGenreHasAFilm()
    {
        Assert.All(Embedded.Genres, g => Assert.Contains(Embedded.Movies, m => m.GenreIds.Contains(g.Id)));
    }

    [Fact]
    public void LoadEmbedded_EveryFilmHasCompleteMetadata()
    {
        Assert.All(Embedded.Movies, m =>
        {
            Assert.True(m.Id > 0);
            Assert.False(string.IsNullOrWhiteSpace(m.Title));
            Assert.False(string.IsNullOrWhiteSpace(m.Overview));
            Assert.Matches("^[a-z]{2}$", m.OriginalLanguage);
            Assert.InRange(m.Year!.Value, 1900, 2030);
            Assert.InRange(m.RuntimeMinutes!.Value, 1, 600);
            Assert.InRange(m.Rating, 0, 10);
        });
    }

    [Fact]
    public void LoadEmbedded_SpansTheDecades()
    {
        var decades = Embedded.Movies.Select(m => m.Year!.Value / 10 * 10).ToHashSet();

        Assert.Superset(new HashSet<int> { 1920, 1930, 1940, 1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020 }, decades);
    }

    [Theory]
    [InlineData(278, "The Shawshank Redemption", 1994)]
    [InlineData(238, "The Godfather", 1972)]
    [InlineData(550, "Fight Club", 1999)]
    [InlineData(680, "Pulp Fiction", 1994)]
    [InlineData(27205, "Inception", 2010)]
    [InlineData(157336, "Interstellar", 2014)]
    [InlineData(155, "The Dark Knight", 2008)]
    [InlineData(129, "Spirited Away", 2001)]
    [InlineData(496243, "Parasite", 2019)]
    public void LoadEmbedded_KnownFilmsHaveTheirTmdbIds(int id, string title, int year)
    {
        var movie = Embedded.Find(id);

        Assert.NotNull(movie);
        Assert.Equal(title, movie.Title);
        Assert.Equal(year, movie.Year);
    }

    [Fact]
    public void LoadEmbedded_AvailabilityOnlyNamesProvidersOfferedInThatRegion()
    {
        var offered = Embedded.Providers.ToDictionary(p => p.Id, p => p.Regions.ToHashSet());

        Assert.All(Embedded.Movies, m => Assert.All(m.Availability, a =>
            Assert.All(a.Value, providerId => Assert.Contains(a.Key, offered[providerId]))));
        Assert.Contains(Embedded.Movies, m => m.ProviderIdsIn("US").Contains(8));
    }

    [Fact]
    public async Task EveryAnswer_IsMarkedOfflineWithSampleAvailability()
    {
        var genres = await Embedded.GetGenresAsync();
        var page = await Embedded.DiscoverAsync(new MoviePreferences());
        var movie = await Embedded.GetMovieAsync(278);

        Assert.All(new[] { genres.Source, page.Source, movie.Source }, s => Assert.Equal(CatalogSource.Offline, s));
        Assert.True(genres.AvailabilityIsSample);
        Assert.True(page.AvailabilityIsSample);
        Assert.Null(page.Notice);
    }

    [Fact]
    public void ProvidersIn_ListsOnlyThatRegionsProviders_IgnoringCase()
    {
        var us = Embedded.ProvidersIn("us");
        var gb = Embedded.ProvidersIn("GB");

        Assert.Contains(us, p => p is { Id: 8, Name: "Netflix" });
        Assert.Contains(us, p => p is { Id: 386, Name: "Peacock" });
        Assert.DoesNotContain(gb, p => p.Id == 386);
        Assert.Contains(gb, p => p.Id == 38);
        Assert.Empty(Embedded.ProvidersIn("ZZ"));
    }

    [Fact]
    public void ProvidersIn_MalformedRegion_IsInvalidInput()
    {
        var error = Assert.Throws<HuddleException>(() => Embedded.ProvidersIn("USA"));

        Assert.Equal("invalid_input", error.Code);
    }

    [Fact]
    public void Discover_NoPreferences_ReturnsEveryFilmBestRatedFirst()
    {
        var page = Embedded.Discover(new MoviePreferences(), 1, 100);

        Assert.Equal(Embedded.Movies.Count, page.TotalResults);
        Assert.Equal(100, page.Movies.Count);
        Assert.Equal(page.Movies.Select(m => m.Rating).OrderDescending(), page.Movies.Select(m => m.Rating));
    }

    [Fact]
    public void Discover_Genres_MatchesAnyOfThem()
    {
        var catalog = CatalogOf(Film(1, [28]), Film(2, [35]), Film(3, [18]), Film(4, [28, 18]));

        var page = catalog.Discover(new MoviePreferences { GenreIds = [28, 35] });

        Assert.Equal([1, 2, 4], page.Movies.Select(m => m.Id).Order());
    }

    [Fact]
    public void Discover_Providers_MatchesAnyOfThemInTheRegionOnly()
    {
        var catalog = CatalogOf(
            Film(1, availability: new() { ["US"] = [8] }),
            Film(2, availability: new() { ["US"] = [9] }),
            Film(3, availability: new() { ["GB"] = [8] }),
            Film(4, availability: new() { ["US"] = [2] }));

        var us = catalog.Discover(new MoviePreferences { ProviderIds = [8, 9], Region = "US" });
        var gb = catalog.Discover(new MoviePreferences { ProviderIds = [8, 9], Region = "gb" });

        Assert.Equal([1, 2], us.Movies.Select(m => m.Id).Order());
        Assert.Equal([3], gb.Movies.Select(m => m.Id));
    }

    [Fact]
    public void Discover_YearRange_IsInclusive()
    {
        var catalog = CatalogOf(Film(1, year: 1989), Film(2, year: 1990), Film(3, year: 1999), Film(4, year: 2000), Film(5, year: null));

        var nineties = catalog.Discover(new MoviePreferences { YearFrom = 1990, YearTo = 1999 });
        var fromNinety = catalog.Discover(new MoviePreferences { YearFrom = 1990 });
        var upToNinety = catalog.Discover(new MoviePreferences { YearTo = 1990 });

        Assert.Equal([2, 3], nineties.Movies.Select(m => m.Id).Order());
        Assert.Equal([2, 3, 4], fromNinety.Movies.Select(m => m.Id).Order());
        Assert.Equal([1, 2], upToNinety.Movies.Select(m => m.Id).Order());
    }

    [Fact]
    public void Discover_MinRating_KeepsFilmsAtOrAboveIt()
    {
        var catalog = CatalogOf(Film(1, rating: 6.9), Film(2, rating: 7.0), Film(3, rating: 8.5));

        var page = catalog.Discover(new MoviePreferences { MinRating = 7 });

        Assert.Equal([3, 2], page.Movies.Select(m => m.Id));
    }

    [Fact]
    public void Discover_MaxRuntime_KeepsFilmsAtOrBelowIt()
    {
        var catalog = CatalogOf(Film(1, runtime: 90), Film(2, runtime: 120), Film(3, runtime: 121), Film(4, runtime: null));

        var page = catalog.Discover(new MoviePreferences { MaxRuntimeMinutes = 120 });

        Assert.Equal([1, 2], page.Movies.Select(m => m.Id).Order());
    }

    [Fact]
    public void Discover_EmbeddedCatalog_EveryResultMatchesEveryPreference()
    {
        var preferences = new MoviePreferences
        {
            GenreIds = [35, 16],
            ProviderIds = [8, 337],
            Region = "US",
            YearFrom = 1990,
            YearTo = 2020,
            MinRating = 7,
            MaxRuntimeMinutes = 120,
        };

        var page = Embedded.Discover(preferences, 1, 100);

        Assert.NotEmpty(page.Movies);
        Assert.All(page.Movies, m =>
        {
            Assert.True(m.GenreIds.Contains(35) || m.GenreIds.Contains(16));
            Assert.True(m.ProviderIdsIn("US").Contains(8) || m.ProviderIdsIn("US").Contains(337));
            Assert.InRange(m.Year!.Value, 1990, 2020);
            Assert.True(m.Rating >= 7);
            Assert.True(m.RuntimeMinutes <= 120);
        });
        Assert.Equal(Embedded.Movies.Count(preferences.Matches), page.TotalResults);
    }

    [Fact]
    public void Discover_Pages_ContinueWithoutOverlap()
    {
        var catalog = CatalogOf(Films(45));

        var first = catalog.Discover(new MoviePreferences(), 1, 20);
        var second = catalog.Discover(new MoviePreferences(), 2, 20);
        var third = catalog.Discover(new MoviePreferences(), 3, 20);

        Assert.Equal(Enumerable.Range(1, 20), first.Movies.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(21, 20), second.Movies.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(41, 5), third.Movies.Select(m => m.Id));
        Assert.True(first.HasMore);
        Assert.False(third.HasMore);
        Assert.Equal(45, third.TotalResults);
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 0)]
    [InlineData(1, 101)]
    [InlineData(501, 20)]
    public void Discover_PageOutOfRange_IsInvalidInput(int page, int pageSize)
    {
        var error = Assert.Throws<HuddleException>(() => Embedded.Discover(new MoviePreferences(), page, pageSize));

        Assert.Equal("invalid_input", error.Code);
    }

    [Fact]
    public void Search_IgnoresCaseAndAccents_AllWordsMustMatch()
    {
        Assert.Contains(Embedded.Search("AMELIE").Movies, m => m.Id == 194);
        Assert.Contains(Embedded.Search("nausicaa valley").Movies, m => m.Id == 81);
        Assert.Empty(Embedded.Search("godfather zzzznotaword").Movies);
    }

    [Fact]
    public void Search_ExactTitleComesFirst()
    {
        var results = Embedded.Search("the godfather").Movies;

        Assert.Equal(238, results[0].Id);
        Assert.Contains(results, m => m.Id == 240);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0001b")]
    public void Search_EmptyOrControlCharacters_IsInvalidInput(string query)
    {
        var error = Assert.Throws<HuddleException>(() => Embedded.Search(query));

        Assert.Equal("invalid_input", error.Code);
    }

    [Fact]
    public async Task GetMovie_UnknownId_IsMovieNotFound()
    {
        var error = await Assert.ThrowsAsync<HuddleException>(() => Embedded.GetMovieAsync(999_999_999));

        Assert.Equal("movie_not_found", error.Code);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task GetMovie_KnownId_HasAvailabilityPerRegion()
    {
        var movie = (await Embedded.GetMovieAsync(278)).Value;

        Assert.Equal("The Shawshank Redemption", movie.Title);
        Assert.NotEmpty(movie.Availability);
        Assert.Equal(movie.ProviderIdsIn("US"), movie.ProviderIdsIn("us"));
    }
}
