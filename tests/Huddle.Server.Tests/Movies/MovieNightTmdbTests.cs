using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Movies;

/// <summary>A movie night on a server whose catalog is TMDB (the local stand-in), working and failing.</summary>
public sealed class MovieNightTmdbTests : IAsyncLifetime
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
    public async Task TheDeck_HasEachDealtFilmsDetailsFromTmdb()
    {
        var server = await StartAsync(TmdbStandIn.ApiKey);

        var (_, body) = await server.CreateMovieNightAsync(new { genreIds = new[] { 18 }, providerIds = new[] { 8 } });

        var deck = body.GetProperty("snapshot").Deck();
        var cards = deck.GetProperty("cards").EnumerateArray().ToList();
        Assert.Equal(20, cards.Count);
        Assert.Equal(JsonValueKind.Null, deck.GetProperty("notice").ValueKind);
        Assert.All(cards, c =>
        {
            // TMDB's discover lists have neither runtime nor providers: these come from /movie/{id}.
            Assert.True(c.GetProperty("runtimeMinutes").GetInt32() > 0);
            Assert.Contains(8, c.GetProperty("providerIds").EnumerateArray().Select(p => p.GetInt32()));
            Assert.False(c.GetProperty("availabilityIsSample").GetBoolean());
            Assert.StartsWith("https://image.tmdb.org/", c.Str("posterUrl"), StringComparison.Ordinal);
        });
        Assert.Equal(20, _tmdb.Requests.Count(r => r.Path.StartsWith("/3/movie/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WhenTmdbFails_TheOfflineCatalogDeals_AndTheNoticeIsInTheSnapshot()
    {
        var server = await StartAsync("a-revoked-key");

        var (session, body) = await server.CreateMovieNightAsync(new { genreIds = new[] { 35 } });

        var deck = body.GetProperty("snapshot").Deck();
        Assert.Contains("built-in catalog", deck.Str("notice"), StringComparison.Ordinal);
        Assert.Equal(20, deck.GetProperty("cards").GetArrayLength());
        Assert.All(deck.GetProperty("cards").EnumerateArray(), c => Assert.True(c.GetProperty("availabilityIsSample").GetBoolean()));

        var host = await server.ConnectAsync();
        var snapshot = await host.JoinAsync(session.Code, null, session.HostToken);
        Assert.Contains("built-in catalog", snapshot.Deck().Str("notice"), StringComparison.Ordinal);

        await host.Send("SuggestMovie", new { movieId = 238 });
        var update = await host.WaitFor("deckUpdated");
        Assert.Contains("built-in catalog", update.Str("notice"), StringComparison.Ordinal);

        var genres = await server.Http.GetFromJsonAsync<JsonElement>("/api/movies/genres");
        Assert.Equal("offline", genres.Str("source"));
        Assert.Contains("TMDB rejected", genres.Str("notice"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuggestion_IsLookedUpOnTmdb()
    {
        var server = await StartAsync(TmdbStandIn.ApiKey);
        var (_, host) = await server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 16 } });

        await host.Send("SuggestMovie", new { movieId = 155 });

        var card = (await host.WaitFor("deckUpdated")).GetProperty("cards")[20];
        Assert.Equal("The Dark Knight", card.Str("title"));
        Assert.False(card.GetProperty("availabilityIsSample").GetBoolean());
        Assert.Contains(_tmdb.Requests, r => r.Path == "/3/movie/155");
    }

    private async Task<HuddleServer> StartAsync(string apiKey) =>
        _server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Movies:Tmdb:ApiKey"] = apiKey,
            ["Movies:Tmdb:BaseUrl"] = _tmdb.BaseUrl,
        });
}
