using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Movies;

/// <summary>Posters (image base and sizes for a srcset) and where to watch, from TMDB (the stand-in) and without a key.</summary>
public sealed class PosterAndWatchTests : IAsyncLifetime
{
    private TmdbStandIn _tmdb = null!;
    private HuddleServer? _server;

    public async Task InitializeAsync() => _tmdb = await TmdbStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        await _tmdb.DisposeAsync();
    }

    [Fact]
    public async Task Images_WithAKey_ComeFromTmdbConfiguration_AskedOnce()
    {
        _tmdb.PosterSizes = ["w92", "w185", "w500", "original"];
        var server = await StartAsync(TmdbStandIn.ApiKey);

        var first = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/images");
        var second = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/images");

        Assert.Equal("tmdb", first.Str("source"));
        Assert.Equal("https://image.tmdb.org/t/p/", first.Str("baseUrl"));
        // Only the widths a phone or a desktop card uses, of those TMDB offers.
        Assert.Equal(["w185", "w500"], Sizes(first, "posterSizes"));
        Assert.Equal([185, 500], first.GetProperty("posterSizes").EnumerateArray().Select(s => s.GetProperty("width").GetInt32()));
        Assert.Equal(["w780", "w1280"], Sizes(first, "backdropSizes"));
        Assert.Equal(first.GetRawText(), second.GetRawText());
        Assert.Equal(1, _tmdb.CountOf("/3/configuration"));
    }

    [Fact]
    public async Task Images_BaseUrlOnAnotherHost_IsIgnored_SoPostersStayOnTheHostTheCspAllows()
    {
        _tmdb.SecureImageBaseUrl = "https://images.example.net/t/p/";
        var server = await StartAsync(TmdbStandIn.ApiKey);

        var images = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/images");

        Assert.Equal("https://image.tmdb.org/t/p/", images.Str("baseUrl"));
        var response = await server.Http.GetAsync("/");
        Assert.Contains("https://image.tmdb.org", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Images_WhenTmdbFails_AreTmdbsDocumentedDefaults()
    {
        var server = await StartAsync("a-revoked-key");

        var images = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/images");

        Assert.Equal("default", images.Str("source"));
        Assert.Equal(["w185", "w342", "w500", "w780"], Sizes(images, "posterSizes"));
    }

    [Fact]
    public async Task WithoutAKey_KnownPostersAreInTheDeck_OthersHaveNone_AndTheCspAllowsTmdbImages()
    {
        var server = _server = await HuddleServer.StartAsync();

        var images = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/images");
        var (_, body) = await server.CreateMovieNightAsync(new { genreIds = new[] { 18 } });

        Assert.Equal("default", images.Str("source"));
        Assert.Equal("https://image.tmdb.org/t/p/", images.Str("baseUrl"));
        var cards = body.GetProperty("snapshot").Deck().GetProperty("cards").EnumerateArray().ToList();
        Assert.Contains(cards, c => c.GetProperty("posterPath").ValueKind == JsonValueKind.Null); // the app's fallback
        var found = (await server.Http.GetFromJsonAsync<JsonElement>("/api/movies?q=Shawshank")).GetProperty("items")[0];
        Assert.Equal("/q6y0Go1tsGEsmtFryDOJo3dEmqu.jpg", found.Str("posterPath"));
        var csp = (await server.Http.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("img-src", csp, StringComparison.Ordinal);
        Assert.Contains("https://image.tmdb.org", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TmdbCards_CarryPosterAndBackdropPaths()
    {
        var server = await StartAsync(TmdbStandIn.ApiKey);

        var (_, body) = await server.CreateMovieNightAsync(new { genreIds = new[] { 18 } });

        var card = body.GetProperty("snapshot").Deck().GetProperty("cards")[0];
        var id = card.GetProperty("movieId").GetInt32();
        Assert.Equal($"/poster{id}.jpg", card.Str("posterPath"));
        Assert.Equal($"/backdrop{id}.jpg", card.Str("backdropPath"));
    }

    [Fact]
    public async Task WhereToWatch_FromTmdb_HasEachPlatformWithTheLinkAndJustWatchAttribution()
    {
        var server = await StartAsync(TmdbStandIn.ApiKey);
        var expected = TmdbStandIn.Data.Find(550)!.ProviderIdsIn("GB");

        var watch = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/550/watch?region=gb");

        Assert.Equal("GB", watch.Str("region"));
        Assert.Equal("tmdb", watch.Str("source"));
        Assert.False(watch.GetProperty("availabilityIsSample").GetBoolean());
        Assert.Equal("Data by JustWatch", watch.Str("attribution"));
        Assert.Equal("https://www.themoviedb.org/movie/550/watch?locale=GB", watch.Str("link"));
        var offers = watch.GetProperty("offers").EnumerateArray().ToList();
        Assert.Equal(expected.Order(), offers.Select(o => o.GetProperty("providerId").GetInt32()).Distinct().Order());
        Assert.All(offers, o => Assert.Equal(watch.Str("link"), o.Str("link")));
        Assert.All(offers.Where(o => o.GetProperty("providerId").GetInt32() == 2), o => Assert.Contains(o.Str("kind"), new[] { "rent", "buy" }));
        Assert.Contains(_tmdb.Requests, r => r.Path == "/3/movie/550/watch/providers");
    }

    [Fact]
    public async Task WhereToWatch_WithoutAKey_IsTheSampleData_LabelledSample_WithoutAttributionOrLink()
    {
        var server = _server = await HuddleServer.StartAsync();

        var watch = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/550/watch?region=GB");

        Assert.True(watch.GetProperty("availabilityIsSample").GetBoolean());
        Assert.Equal("offline", watch.Str("source"));
        Assert.Equal(JsonValueKind.Null, watch.GetProperty("attribution").ValueKind);
        Assert.Equal(JsonValueKind.Null, watch.GetProperty("link").ValueKind);
        Assert.Equal(TmdbStandIn.Data.Find(550)!.ProviderIdsIn("GB").Order(),
            watch.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("providerId").GetInt32()).Order());
    }

    [Theory]
    [InlineData("/api/movies/999999999/watch", HttpStatusCode.NotFound, "movie_not_found")]
    [InlineData("/api/movies/550/watch?region=Narnia", HttpStatusCode.BadRequest, "invalid_input")]
    public async Task WhereToWatch_BadRequests_AreCoded(string url, HttpStatusCode status, string code)
    {
        var server = await StartAsync(TmdbStandIn.ApiKey);

        var response = await server.Http.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    private static List<string> Sizes(JsonElement images, string name) =>
        images.GetProperty(name).EnumerateArray().Select(s => s.Str("name")).ToList();

    private async Task<HuddleServer> StartAsync(string apiKey) =>
        _server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Movies:Tmdb:ApiKey"] = apiKey,
            ["Movies:Tmdb:BaseUrl"] = _tmdb.BaseUrl,
        });
}
