using System.Diagnostics;
using Huddle.Core;
using Huddle.Core.Movies;
using Huddle.Server.Movies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huddle.Server.Tests.Movies;

/// <summary>The TMDB provider over real HTTP against a local stand-in serving TMDB's documented shapes.</summary>
public sealed class TmdbMovieCatalogTests : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];
    private TmdbStandIn _tmdb = null!;

    public async Task InitializeAsync() => _tmdb = await TmdbStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _tmdb.DisposeAsync();
    }

    private TmdbOptions Options(Action<TmdbOptions>? configure = null)
    {
        var options = new TmdbOptions
        {
            ApiKey = TmdbStandIn.ApiKey,
            BaseUrl = _tmdb.BaseUrl,
            ImageBaseUrl = "https://images.test/t/p/w500",
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    private TmdbMovieCatalog Tmdb(TmdbOptions? options = null, TimeProvider? time = null)
    {
        var http = new HttpClient();
        _clients.Add(http);
        time ??= TimeProvider.System;
        return new TmdbMovieCatalog(
            http, Microsoft.Extensions.Options.Options.Create(options ?? Options()), new TmdbResponseCache(time), time,
            NullLogger<TmdbMovieCatalog>.Instance);
    }

    private static FallbackMovieCatalog WithFallback(TmdbMovieCatalog tmdb, TmdbOptions options, TimeProvider? time = null) =>
        new(tmdb, TmdbStandIn.Data, Microsoft.Extensions.Options.Options.Create(options), time ?? TimeProvider.System,
            NullLogger<FallbackMovieCatalog>.Instance);

    private static readonly MoviePreferences Nineties = new()
    {
        GenreIds = [28, 35],
        ProviderIds = [8, 9],
        Region = "us",
        YearFrom = 1990,
        YearTo = 1999,
        MinRating = 7,
        MaxRuntimeMinutes = 120,
    };

    [Fact]
    public async Task Discover_SendsEveryPreferenceAsTmdbParameters()
    {
        await Tmdb().DiscoverAsync(Nineties);

        var query = Assert.Single(_tmdb.Requests).Query;
        Assert.Equal("/3/discover/movie", _tmdb.Requests[0].Path);
        Assert.Equal("28|35", query["with_genres"]);
        Assert.Equal("8|9", query["with_watch_providers"]);
        Assert.Equal("US", query["watch_region"]);
        Assert.Equal("1990-01-01", query["primary_release_date.gte"]);
        Assert.Equal("1999-12-31", query["primary_release_date.lte"]);
        Assert.Equal("7.0", query["vote_average.gte"]);
        Assert.Equal("50", query["vote_count.gte"]);
        Assert.Equal("120", query["with_runtime.lte"]);
        Assert.Equal("1", query["page"]);
        Assert.Equal("false", query["include_adult"]);
        Assert.Equal(TmdbStandIn.ApiKey, query["api_key"]);
    }

    [Fact]
    public async Task Discover_WithoutProviders_SendsNoProviderFilter()
    {
        await Tmdb().DiscoverAsync(new MoviePreferences { GenreIds = [16] });

        var query = Assert.Single(_tmdb.Requests).Query;
        Assert.Equal("16", query["with_genres"]);
        Assert.False(query.ContainsKey("with_watch_providers"));
        Assert.False(query.ContainsKey("watch_region"));
        Assert.False(query.ContainsKey("vote_average.gte"));
    }

    [Fact]
    public async Task Discover_ReturnsTmdbsResultsMarkedAsTmdb()
    {
        var result = await Tmdb().DiscoverAsync(Nineties);

        var expected = TmdbStandIn.Data.Discover(Nineties, 1, 20);
        Assert.Equal(CatalogSource.Tmdb, result.Source);
        Assert.False(result.AvailabilityIsSample);
        Assert.Null(result.Notice);
        Assert.NotEmpty(result.Value.Movies);
        Assert.Equal(expected.Movies.Select(m => m.Id), result.Value.Movies.Select(m => m.Id));
        Assert.Equal(expected.TotalResults, result.Value.TotalResults);
        var first = result.Value.Movies[0];
        Assert.Equal(expected.Movies[0].Title, first.Title);
        Assert.Equal(expected.Movies[0].Year, first.Year);
        Assert.Equal(expected.Movies[0].GenreIds, first.GenreIds);
        Assert.Equal($"https://images.test/t/p/w500/poster{first.Id}.jpg", first.PosterUrl);
    }

    [Fact]
    public async Task Discover_PageLargerThanTmdbsPage_FetchesEveryPageItTouches()
    {
        var tmdb = Tmdb();

        var deck = await tmdb.DiscoverAsync(new MoviePreferences(), page: 1, pageSize: 50);
        var second = await tmdb.DiscoverAsync(new MoviePreferences(), page: 2, pageSize: 30);

        var all = TmdbStandIn.Data.Discover(new MoviePreferences(), 1, 100).Movies.Select(m => m.Id).ToList();
        Assert.Equal(all.Take(50), deck.Value.Movies.Select(m => m.Id));
        Assert.Equal(all.Skip(30).Take(30), second.Value.Movies.Select(m => m.Id));
        Assert.True(deck.Value.HasMore);
        // Pages 1-3 for the first call; the second needs pages 2-3, already cached.
        Assert.Equal(["1", "2", "3"], _tmdb.Requests.Select(r => r.Query["page"]));
    }

    [Fact]
    public async Task Discover_LastPage_StopsAtTmdbsTotalPages()
    {
        var documentaries = new MoviePreferences { GenreIds = [99] };

        var result = await Tmdb().DiscoverAsync(documentaries, page: 1, pageSize: 100);

        Assert.Equal(TmdbStandIn.Data.Discover(documentaries).TotalResults, result.Value.Movies.Count);
        Assert.False(result.Value.HasMore);
        Assert.Single(_tmdb.Requests);
    }

    [Fact]
    public async Task Search_FindsFilmsByTitle()
    {
        var result = await Tmdb().SearchAsync("godfather");

        Assert.Contains(result.Value.Movies, m => m is { Id: 238, Title: "The Godfather", Year: 1972 });
        Assert.Equal("godfather", _tmdb.Requests[0].Query["query"]);
        Assert.Equal("/3/search/movie", _tmdb.Requests[0].Path);
    }

    [Fact]
    public async Task GetMovie_HasGenresRuntimeAndAvailabilityPerRegion()
    {
        var movie = (await Tmdb().GetMovieAsync(278)).Value;

        var offline = TmdbStandIn.Data.Find(278)!;
        Assert.Equal("The Shawshank Redemption", movie.Title);
        Assert.Equal(1994, movie.Year);
        Assert.Equal(offline.GenreIds, movie.GenreIds);
        Assert.Equal(offline.RuntimeMinutes, movie.RuntimeMinutes);
        Assert.Equal(offline.ProviderIdsIn("US").Order(), movie.ProviderIdsIn("US").Order());
        Assert.Equal("watch/providers", _tmdb.Requests[0].Query["append_to_response"]);
    }

    [Fact]
    public async Task GetMovie_UnknownId_IsMovieNotFound()
    {
        var error = await Assert.ThrowsAsync<HuddleException>(() => Tmdb().GetMovieAsync(999_999_999));

        Assert.Equal("movie_not_found", error.Code);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task GetGenres_IsTmdbsGenreList()
    {
        var genres = (await Tmdb().GetGenresAsync()).Value;

        Assert.Equal(19, genres.Count);
        Assert.Contains(genres, g => g is { Id: 878, Name: "Science Fiction" });
    }

    [Fact]
    public async Task GetProviders_ListsTheRegionsProvidersInDisplayOrder()
    {
        var providers = (await Tmdb().GetProvidersAsync("gb")).Value;

        Assert.Equal("GB", _tmdb.Requests[0].Query["watch_region"]);
        Assert.Contains(providers, p => p is { Id: 38, Name: "BBC iPlayer" });
        Assert.DoesNotContain(providers, p => p.Id == 386);
        Assert.Equal(providers.Select(p => p.DisplayPriority).Order(), providers.Select(p => p.DisplayPriority));
        Assert.Equal("https://images.test/t/p/w500/logo8.jpg", providers.Single(p => p.Id == 8).LogoUrl);
    }

    [Fact]
    public async Task ValidatePreferences_UsesTmdbsMappings()
    {
        var tmdb = Tmdb();

        var ok = await tmdb.ValidatePreferencesAsync(new MoviePreferences { GenreIds = [28], ProviderIds = [386] });
        var error = await Assert.ThrowsAsync<HuddleException>(() =>
            tmdb.ValidatePreferencesAsync(new MoviePreferences { ProviderIds = [386], Region = "GB" }));

        Assert.Equal("US", ok.Region);
        Assert.Equal("unknown_provider", error.Code);
    }

    [Fact]
    public async Task ReadAccessToken_IsSentAsBearerInsteadOfApiKey()
    {
        var tmdb = Tmdb(Options(o => (o.ApiKey, o.ReadAccessToken) = (null, TmdbStandIn.AccessToken)));

        await tmdb.GetGenresAsync();

        Assert.Equal($"Bearer {TmdbStandIn.AccessToken}", _tmdb.Requests[0].Authorization);
        Assert.False(_tmdb.Requests[0].Query.ContainsKey("api_key"));
    }

    [Fact]
    public async Task Unauthorized_IsAClearErrorWithoutRetrying()
    {
        var tmdb = Tmdb(Options(o => o.ApiKey = "wrong-key"));

        var error = await Assert.ThrowsAsync<MovieCatalogUnavailableException>(() => tmdb.DiscoverAsync(Nineties));

        Assert.Equal(CatalogFailure.Unauthorized, error.Failure);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("Invalid API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Movies:Tmdb:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Single(_tmdb.Requests);
    }

    [Fact]
    public async Task Unauthorized_FallsBackToOfflineWithANotice()
    {
        var options = Options(o => o.ApiKey = "wrong-key");
        var catalog = WithFallback(Tmdb(options), options);

        var result = await catalog.DiscoverAsync(Nineties);

        Assert.Equal(CatalogSource.Offline, result.Source);
        Assert.True(result.AvailabilityIsSample);
        Assert.Equal(FallbackMovieCatalog.NoticeFor(CatalogFailure.Unauthorized), result.Notice);
        Assert.Contains("TMDB", result.Notice, StringComparison.Ordinal);
        Assert.Equal(TmdbStandIn.Data.Discover(Nineties).Movies.Select(m => m.Id), result.Value.Movies.Select(m => m.Id));
        Assert.Equal(CatalogFailure.Unauthorized, catalog.CurrentFailure);
    }

    [Fact]
    public async Task RateLimited_HonoursRetryAfterThenSucceeds()
    {
        _tmdb.AnswerNextWith(429, retryAfterSeconds: 1);
        var tmdb = Tmdb();
        var clock = Stopwatch.StartNew();

        var result = await tmdb.GetGenresAsync();

        Assert.Equal(19, result.Value.Count);
        Assert.Equal(CatalogSource.Tmdb, result.Source);
        Assert.Equal(2, _tmdb.CountOf("/3/genre/movie/list"));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task RateLimited_RetryAfterLongerThanAllowed_FailsWithoutWaiting()
    {
        _tmdb.AnswerNextWith(429, retryAfterSeconds: 120);
        var tmdb = Tmdb(Options(o => o.MaxRetryAfter = TimeSpan.FromSeconds(5)));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MovieCatalogUnavailableException>(() => tmdb.GetGenresAsync());

        Assert.Equal(CatalogFailure.RateLimited, error.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Single(_tmdb.Requests);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoffThenSucceed()
    {
        _tmdb.AnswerNextWith(503);
        _tmdb.AnswerNextWith(500);
        var tmdb = Tmdb(Options(o => o.MaxRetries = 2));

        var result = await tmdb.SearchAsync("alien");

        Assert.Contains(result.Value.Movies, m => m.Id == 348);
        Assert.Equal(3, _tmdb.CountOf("/3/search/movie"));
    }

    [Fact]
    public async Task ServerErrors_BeyondTheRetries_FailClearlyAndFallBack()
    {
        for (var i = 0; i < 3; i++) _tmdb.AnswerNextWith(502, message: "Bad gateway.");
        var options = Options(o => o.MaxRetries = 2);
        var tmdb = Tmdb(options);

        var error = await Assert.ThrowsAsync<MovieCatalogUnavailableException>(() => tmdb.GetMovieAsync(550));
        var fallback = await WithFallback(Tmdb(options), options).GetMovieAsync(550);

        Assert.Equal(CatalogFailure.ServerError, error.Failure);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("Bad gateway.", error.Message, StringComparison.Ordinal);
        Assert.Equal(CatalogSource.Tmdb, fallback.Source); // the script is used up: TMDB answers again
        Assert.Equal("Fight Club", fallback.Value.Title);
    }

    [Fact]
    public async Task Timeout_IsAClearErrorAndFallsBackToOffline()
    {
        _tmdb.Delay = TimeSpan.FromSeconds(5);
        var options = Options(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MovieCatalogUnavailableException>(() => Tmdb(options).GetGenresAsync());
        var result = await WithFallback(Tmdb(options), options).SearchAsync("spirited away");

        Assert.Equal(CatalogFailure.Timeout, error.Failure);
        Assert.Equal(CatalogSource.Offline, result.Source);
        Assert.Equal(FallbackMovieCatalog.NoticeFor(CatalogFailure.Timeout), result.Notice);
        Assert.Equal(129, result.Value.Movies[0].Id);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Unreachable_FallsBackToOffline()
    {
        var options = Options(o => o.MaxRetries = 1);
        await _tmdb.DisposeAsync(); // nothing listens at the configured address any more

        var result = await WithFallback(Tmdb(options), options).GetGenresAsync();

        Assert.Equal(CatalogSource.Offline, result.Source);
        Assert.Equal(FallbackMovieCatalog.NoticeFor(CatalogFailure.Unreachable), result.Notice);
        Assert.Equal(19, result.Value.Count);
    }

    [Fact]
    public async Task Fallback_AfterAFailure_LeavesTmdbAloneUntilTheCooldownEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _tmdb.AnswerNextWith(401, message: "Invalid API key: You must be granted a valid key.");
        var options = Options(o => o.FailureCooldown = TimeSpan.FromSeconds(30));
        var catalog = WithFallback(Tmdb(options), options, time);

        var failed = await catalog.GetGenresAsync();
        var duringCooldown = await catalog.SearchAsync("matrix");
        time.Advance(TimeSpan.FromSeconds(31));
        var afterCooldown = await catalog.SearchAsync("matrix");

        Assert.Equal(CatalogSource.Offline, failed.Source);
        Assert.Equal(CatalogSource.Offline, duringCooldown.Source);
        Assert.Equal(FallbackMovieCatalog.NoticeFor(CatalogFailure.Unauthorized), duringCooldown.Notice);
        Assert.Equal(1, _tmdb.CountOf("/3/search/movie")); // only the call after the cooldown reached TMDB
        Assert.Equal(CatalogSource.Tmdb, afterCooldown.Source);
        Assert.Null(afterCooldown.Notice);
        Assert.Null(catalog.CurrentFailure);
    }

    [Fact]
    public async Task Fallback_UserErrorsPassThrough()
    {
        var options = Options();
        var catalog = WithFallback(Tmdb(options), options);

        var notFound = await Assert.ThrowsAsync<HuddleException>(() => catalog.GetMovieAsync(999_999_999));
        var invalid = await Assert.ThrowsAsync<HuddleException>(() => catalog.SearchAsync("  "));

        Assert.Equal("movie_not_found", notFound.Code);
        Assert.Equal("invalid_input", invalid.Code);
        Assert.Null(catalog.CurrentFailure);
    }

    [Fact]
    public async Task Cache_SecondIdenticalCallDoesNotReachTmdb()
    {
        var tmdb = Tmdb();

        var first = await tmdb.DiscoverAsync(Nineties);
        var second = await tmdb.DiscoverAsync(Nineties with { Region = "US" });
        await tmdb.GetMovieAsync(278);
        await tmdb.GetMovieAsync(278);
        await tmdb.GetGenresAsync();
        await tmdb.GetGenresAsync();

        Assert.Equal(first.Value.Movies.Select(m => m.Id), second.Value.Movies.Select(m => m.Id));
        Assert.Equal(1, _tmdb.CountOf("/3/discover/movie"));
        Assert.Equal(1, _tmdb.CountOf("/3/movie/278"));
        Assert.Equal(1, _tmdb.CountOf("/3/genre/movie/list"));
    }

    [Fact]
    public async Task Cache_DifferentCallsAndExpiredEntriesReachTmdb()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tmdb = Tmdb(Options(o => o.CacheDuration = TimeSpan.FromMinutes(10)), time);

        await tmdb.DiscoverAsync(Nineties);
        await tmdb.DiscoverAsync(Nineties with { MinRating = 8 });
        time.Advance(TimeSpan.FromMinutes(11));
        await tmdb.DiscoverAsync(Nineties);

        Assert.Equal(3, _tmdb.CountOf("/3/discover/movie"));
    }

    [Fact]
    public async Task Cache_FailuresAreNotCached()
    {
        _tmdb.AnswerNextWith(500);
        var tmdb = Tmdb(Options(o => o.MaxRetries = 0));

        await Assert.ThrowsAsync<MovieCatalogUnavailableException>(() => tmdb.GetGenresAsync());
        var result = await tmdb.GetGenresAsync();

        Assert.Equal(19, result.Value.Count);
        Assert.Equal(2, _tmdb.CountOf("/3/genre/movie/list"));
    }

    [Fact]
    public void Cache_EvictsTheLeastRecentlyUsedBeyondItsLimit()
    {
        var cache = new TmdbResponseCache(TimeProvider.System);
        var hour = TimeSpan.FromHours(1);

        cache.Set("a", "A", hour, sizeLimit: 2);
        cache.Set("b", "B", hour, sizeLimit: 2);
        Assert.True(cache.TryGet<string>("a", out _));
        cache.Set("c", "C", hour, sizeLimit: 2);

        Assert.True(cache.TryGet<string>("a", out _));
        Assert.False(cache.TryGet<string>("b", out _));
        Assert.True(cache.TryGet<string>("c", out _));
        Assert.Equal(2, cache.Count);
    }
}
