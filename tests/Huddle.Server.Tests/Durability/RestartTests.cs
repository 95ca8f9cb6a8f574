using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Durability;

/// <summary>An acknowledged mutation survives kill -9; clients come back with their tokens.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-kill-");
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
    public async Task KillNine_LosesNoAcknowledgedMutation_AndTokensStillWork()
    {
        var (server, port, hub, created) = await StartWithJamAsync();
        var code = created.Str("code");
        var hostToken = created.Str("participantToken");

        var host = await Connect(hub);
        await host.JoinAsync(code, null, hostToken);
        var guest = await Connect(hub);
        await guest.JoinAsync(code, "Guest");
        await host.Send("SetRole", new { participantId = guest.ParticipantId, role = "moderator" });
        var playing = await host.AddAsync("s0100");
        var items = new List<string>();
        foreach (var song in new[] { "s0101", "s0102", "s0103" }) items.Add(await guest.AddAsync(song));
        await host.Send("PlayNext");
        await guest.Send("Vote", new { itemId = items[2], value = 1 });
        await host.Send("Vote", new { itemId = items[0], value = -1 });
        var before = await host.SnapshotAsync();

        await server.KillAsync();
        server = await Start(port);

        var hostAgain = await Connect(hub);
        var hostView = await hostAgain.JoinAsync(code, null, hostToken);
        var guestAgain = await Connect(hub);
        var guestView = await guestAgain.JoinAsync(code, null, guest.Token);

        Assert.Equal(host.ParticipantId, hostAgain.ParticipantId);
        Assert.Equal("host", hostView.GetProperty("you").Str("role"));
        Assert.Equal(guest.ParticipantId, guestAgain.ParticipantId);
        Assert.Equal("moderator", guestView.GetProperty("you").Str("role"));
        Assert.Equal(playing, guestView.GetProperty("nowPlaying").GetProperty("item").Str("itemId"));
        Assert.Equal(before.GetProperty("queue").ItemIds(), guestView.GetProperty("queue").ItemIds());
        Assert.Equal([items[2], items[1], items[0]], guestView.GetProperty("queue").ItemIds());
        Assert.Equal(1, guestView.GetProperty("myVotes").GetProperty(items[2]).GetInt32());
        Assert.Equal(-1, hostView.GetProperty("myVotes").GetProperty(items[0]).GetInt32());
        Assert.True(guestView.GetProperty("session").Version() > before.GetProperty("session").Version());

        await hostAgain.Send("PlayNext");
        var after = await hostAgain.WaitFor("nowPlaying");
        Assert.Equal(items[2], after.GetProperty("item").Str("itemId"));
    }

    /// <summary>A movie night comes back exactly: the log carries the cards, so replay needs no catalog.</summary>
    [Fact]
    public async Task KillNine_MovieNight_KeepsDeckChoicesMatchesAndWatchParty_WithTheCatalogUnreachable()
    {
        var port = ServerProcess.FreePort();
        var server = await Start(port);
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
        _env["Movies__Tmdb__ApiKey"] = "any";
        _env["Movies__Tmdb__BaseUrl"] = "http://127.0.0.1:9/3";
        server = await Start(port);

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

    /// <summary>A kick is a ban kept in the log: after kill -9 the token and the device are still refused.</summary>
    [Fact]
    public async Task KillNine_KeepsBans()
    {
        var (server, port, hub, created) = await StartWithJamAsync();
        var code = created.Str("code");
        var host = await Connect(hub);
        await host.JoinAsync(code, null, created.Str("participantToken"));
        var troll = await Connect(hub);
        var you = (await troll.Call("JoinSession", new { code, name = "Troll", deviceId = "dev_restart_0123456789" })).GetProperty("you");
        await host.Send("Kick", new { participantId = you.Str("participantId") });

        await server.KillAsync();
        server = await Start(port);

        var retry = await Connect(hub);
        await retry.RejectedAsync("banned", "JoinSession", new { code, participantToken = you.Str("participantToken") });
        await retry.RejectedAsync("banned", "JoinSession", new { code, name = "Troll 2", deviceId = "dev_restart_0123456789" });
        var hostAgain = await Connect(hub);
        await hostAgain.JoinAsync(code, null, created.Str("participantToken"));
        var bans = await hostAgain.Connection.InvokeAsync<JsonElement>("GetBans");
        Assert.Equal(you.Str("participantId"), Assert.Single(bans.EnumerateArray()).Str("participantId"));
    }

    /// <summary>A server on a free port and a jam created on it over REST (the create answer).</summary>
    private async Task<(ServerProcess Server, int Port, Uri Hub, JsonElement Created)> StartWithJamAsync()
    {
        var port = ServerProcess.FreePort();
        var server = await Start(port);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var created = await (await http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host" })).Content.ReadFromJsonAsync<JsonElement>();
        return (server, port, new Uri(server.BaseUri, "/hubs/session"), created);
    }

    private async Task<ServerProcess> Start(int port)
    {
        var server = await ServerProcess.StartAsync(_dir.FullName, port, _env);
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
