using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Durability;

/// <summary>A movie night survives kill -9 exactly: the log carries the cards, so replay needs no catalog.</summary>
public sealed class MovieRestartTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-movie-kill-");
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly Dictionary<string, string> _env = [];

    public async Task InitializeAsync()
    {
        if (!PostgresCluster.Requested) return;
        _env["Storage__Provider"] = "Postgres";
        _env["ConnectionStrings__Huddle"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables)) await d.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task KillNine_TheSameDeckChoicesMatchesAndWatchParty_EvenWithTheCatalogUnreachable()
    {
        var port = ServerProcess.FreePort();
        var server = await Start(port, _env);
        var hub = new Uri(server.BaseUri, "/hubs/session");
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var created = await (await http.PostAsJsonAsync("/api/sessions", new
        {
            kind = "movie", hostName = "Host", settings = new { matchRule = "atLeastTwo" }, preferences = new { genreIds = new[] { 878 } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var code = created.Str("code");
        var host = await Connect(hub);
        await host.JoinAsync(code, null, created.Str("participantToken"));
        var guest = await Connect(hub);
        await guest.JoinAsync(code, "Guest");
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[3];
        await host.Swipe(movieId, true);
        await guest.Swipe(movieId, true);
        await guest.Send("SuggestMovie", new { movieId = 129 });
        await host.Send("PickMovie", new { movieId });
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 321.5 });
        var before = (await guest.SnapshotAsync()).Deck();

        await server.KillAsync();
        server = await Start(port, new Dictionary<string, string>(_env)
        {
            ["Movies__Tmdb__ApiKey"] = "any",
            ["Movies__Tmdb__BaseUrl"] = "http://127.0.0.1:9/3",
        });

        var guestAgain = await Connect(hub);
        var view = await guestAgain.JoinAsync(code, null, guest.Token);
        var after = view.Deck();
        Assert.Equal(before.GetProperty("cards").GetRawText(), after.GetProperty("cards").GetRawText());
        Assert.Equal(before.GetProperty("matches").GetRawText(), after.GetProperty("matches").GetRawText());
        Assert.Equal(before.GetProperty("myChoices").GetRawText(), after.GetProperty("myChoices").GetRawText());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("notice").ValueKind);
        Assert.Equal(movieId, view.GetProperty("nowPlaying").GetProperty("item").GetProperty("movieId").GetInt32());
        Assert.Equal(321.5, view.GetProperty("nowPlaying").GetProperty("playback").GetProperty("positionSeconds").GetDouble());
    }

    private async Task<ServerProcess> Start(int port, IDictionary<string, string> env)
    {
        var server = await ServerProcess.StartAsync(_dir.FullName, port, env);
        _disposables.Add(server);
        return server;
    }

    private async Task<TestClient> Connect(Uri hub)
    {
        var client = await TestClient.ConnectAsync(hub);
        _disposables.Add(client);
        return client;
    }
}
