using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api;

public sealed class MoviesApiTests() : ServerTest
{
    [Fact]
    public async Task Genres_AreTmdbsList_WithTheirSource()
    {
        var body = await Server.Http.GetFromJsonAsync<JsonElement>("/api/movies/genres");

        var genres = body.GetProperty("items").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetInt32(), g => g.Str("name"));
        Assert.Equal(19, genres.Count);
        Assert.Equal("Action", genres[28]);
        Assert.Equal("Comedy", genres[35]);
        Assert.Equal("offline", body.Str("source"));
        Assert.True(body.GetProperty("availabilityIsSample").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("notice").ValueKind);
    }

    [Fact]
    public async Task Providers_DependOnTheRegion()
    {
        var us = await Ids("/api/movies/providers");
        var gb = await Ids("/api/movies/providers?region=gb");

        Assert.Contains(15, us);   // Hulu
        Assert.Contains(386, us);  // Peacock
        Assert.DoesNotContain(15, gb);
        Assert.Contains(38, gb);   // BBC iPlayer
        Assert.Contains(8, gb);    // Netflix
        await AssertProblem("/api/movies/providers?region=USA", "invalid_input");

        async Task<List<int>> Ids(string url) =>
            (await Server.Http.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
    }

    [Fact]
    public async Task Search_FindsTitles()
    {
        var body = await Server.Http.GetFromJsonAsync<JsonElement>("/api/movies?q=spirited%20away");

        var first = body.GetProperty("items")[0];
        Assert.Equal(129, first.GetProperty("movieId").GetInt32());
        Assert.Equal("Spirited Away", first.Str("title"));
        Assert.Equal(2001, first.GetProperty("year").GetInt32());
        Assert.Equal("offline", body.Str("source"));
    }

    [Fact]
    public async Task Discover_AppliesEveryPreference()
    {
        var body = await Server.Http.GetFromJsonAsync<JsonElement>(
            "/api/movies?genreIds=16,35&providerIds=8&providerIds=9&region=US&yearFrom=1990&yearTo=2015&minRating=7&maxRuntimeMinutes=130&pageSize=50");

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, m =>
        {
            Assert.True(m.GetProperty("genreIds").EnumerateArray().Select(g => g.GetInt32()).Intersect([16, 35]).Any());
            Assert.True(m.GetProperty("providerIds").EnumerateArray().Select(g => g.GetInt32()).Intersect([8, 9]).Any());
            Assert.InRange(m.GetProperty("year").GetInt32(), 1990, 2015);
            Assert.True(m.GetProperty("rating").GetDouble() >= 7);
            Assert.True(m.GetProperty("runtimeMinutes").GetInt32() <= 130);
        });
        Assert.Equal(items.Count, Math.Min(50, body.GetProperty("totalResults").GetInt32()));
    }

    [Theory]
    [InlineData("/api/movies?genreIds=99999", "unknown_genre")]
    [InlineData("/api/movies?providerIds=386&region=GB", "unknown_provider")]
    [InlineData("/api/movies?genreIds=action", "invalid_input")]
    [InlineData("/api/movies?yearFrom=abc", "invalid_input")]
    [InlineData("/api/movies?yearFrom=2010&yearTo=2000", "invalid_input")]
    [InlineData("/api/movies?minRating=11", "invalid_input")]
    [InlineData("/api/movies?maxRuntimeMinutes=0", "invalid_input")]
    [InlineData("/api/movies?region=1", "invalid_input")]
    [InlineData("/api/movies?pageSize=0", "invalid_input")]
    [InlineData("/api/movies?page=0&q=alien", "invalid_input")]
    [InlineData("/api/movies?q=%20%20", "invalid_input")]
    public async Task Find_RejectsBadInput_WithItsCode(string url, string code) => await AssertProblem(url, code);

    [Fact]
    public async Task Find_LongQuery_IsInvalidInput() => await AssertProblem("/api/movies?q=" + new string('a', 101), "invalid_input");

    [Fact]
    public async Task CreateMovie_StoresValidatedPreferences_AndReturnsTheDeck()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new
        {
            kind = "Movie",
            hostName = "Ann",
            title = "Friday film",
            settings = new { matchRule = "majority" },
            preferences = new { genreIds = new[] { 28, 28, 878 }, providerIds = new[] { 8 }, region = "us", yearFrom = 1980, minRating = 6.5, maxRuntimeMinutes = 180 },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("movie", body.Str("kind"));
        var snapshot = body.GetProperty("snapshot");
        Assert.Equal("majority", snapshot.GetProperty("session").GetProperty("settings").Str("matchRule"));
        var preferences = snapshot.Deck().GetProperty("preferences");
        Assert.Equal([28, 878], preferences.GetProperty("genreIds").EnumerateArray().Select(g => g.GetInt32()));
        Assert.Equal("US", preferences.Str("region"));
        Assert.Equal(1980, preferences.GetProperty("yearFrom").GetInt32());
        Assert.Equal(JsonValueKind.Null, preferences.GetProperty("yearTo").ValueKind);
        Assert.All(snapshot.Deck().GetProperty("cards").EnumerateArray(), c => Assert.Contains(8, c.GetProperty("providerIds").EnumerateArray().Select(p => p.GetInt32())));
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("nowPlaying").ValueKind);

        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{body.Str("code")}");
        Assert.Equal("movie", summary.Str("kind"));
    }

    [Fact]
    public async Task CreateMovie_WithoutPreferences_UsesTheDefaults()
    {
        var (_, body) = await Server.CreateMovieNightAsync();

        var deck = body.GetProperty("snapshot").Deck();
        Assert.Equal(20, deck.GetProperty("cards").GetArrayLength());
        Assert.Equal("US", deck.GetProperty("preferences").Str("region"));
        Assert.Empty(deck.GetProperty("preferences").GetProperty("genreIds").EnumerateArray());
    }

    [Fact]
    public async Task CreateJam_IgnoresPreferences_AndHasNoDeck()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Ann", preferences = new { genreIds = new[] { 99999 } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("snapshot").TryGetProperty("deck", out _));
        Assert.Equal("all", body.GetProperty("snapshot").GetProperty("session").GetProperty("settings").Str("matchRule"));
    }

    [Theory]
    [InlineData("""{"genreIds":[35,99999]}""", "unknown_genre")]
    [InlineData("""{"providerIds":[386],"region":"GB"}""", "unknown_provider")]
    [InlineData("""{"providerIds":[424242]}""", "unknown_provider")]
    [InlineData("""{"region":"USA"}""", "invalid_input")]
    [InlineData("""{"yearFrom":2010,"yearTo":1990}""", "invalid_input")]
    [InlineData("""{"yearFrom":1500}""", "invalid_input")]
    [InlineData("""{"minRating":10.5}""", "invalid_input")]
    [InlineData("""{"maxRuntimeMinutes":0}""", "invalid_input")]
    [InlineData("""{"genreIds":"35"}""", "invalid_input")]
    [InlineData("""{"genreIds":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}""", "invalid_input")]
    [InlineData("5", "invalid_input")]
    public async Task CreateMovie_RejectsBadPreferences_WithTheValidatorsCode(string preferences, string code)
    {
        var response = await PostJson($$"""{"kind":"movie","hostName":"Ann","preferences":{{preferences}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Theory]
    [InlineData("""{"kind":"movie","hostName":" ","preferences":{"genreIds":[99999]}}""", "invalid_name")]
    [InlineData("""{"kind":"movie","hostName":"Ann","settings":{"matchRule":"most"}}""", "invalid_settings")]
    [InlineData("""{"kind":"movie","hostName":"Ann","settings":{"matchRule":1}}""", "invalid_input")]
    [InlineData("""{"kind":"movies","hostName":"Ann"}""", "invalid_kind")]
    public async Task CreateMovie_RejectsBadNamesSettingsAndKinds(string json, string code)
    {
        var response = await PostJson(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task Sharing_JoinLinkAndQrCode_WorkForAMovieNight()
    {
        var (session, body) = await Server.CreateMovieNightAsync();

        Assert.EndsWith($"/join/{session.Code}", body.Str("joinUrl"), StringComparison.Ordinal);
        var svg = await Server.Http.GetAsync($"/api/sessions/{session.Code}/qr");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var png = await Server.Http.GetAsync($"/api/sessions/{session.Code}/qr?format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
    }

    private async Task<HttpResponseMessage> PostJson(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await Server.Http.PostAsync("/api/sessions", content);
    }

    private async Task AssertProblem(string url, string code)
    {
        var response = await Server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }
}
