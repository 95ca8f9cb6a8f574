using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Music;

/// <summary>Playlists over real HTTP: save from a jam, list, get, export, import, queue, start a jam, delete, and every refusal.</summary>
public sealed class PlaylistsApiTests : IAsyncLifetime
{
    private HuddleServer _server = null!;

    public async Task InitializeAsync() => _server = await HuddleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Http => _server.Http;

    private static HttpRequestMessage AsHost(HttpMethod method, string url, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null) request.Headers.Add("X-Participant-Token", token);
        return request;
    }

    private async Task<HttpResponseMessage> SaveAsync(string code, string? token, object body) =>
        await Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{code}/playlists", token, JsonContent.Create(body)));

    /// <summary>With Expect: 100-continue, a body refused by its Content-Length is never sent (no race with the early answer).</summary>
    private async Task<HttpResponseMessage> ImportAsync(string code, string? token, byte[] file, string name = "Imported")
    {
        var request = AsHost(HttpMethod.Post, $"/api/playlists?session={code}&name={Uri.EscapeDataString(name)}", token,
            new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("audio/x-mpegurl") } });
        request.Headers.ExpectContinue = true;
        return await Http.SendAsync(request);
    }

    private static async Task<string> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code");

    private async Task AssertNoPlaylistsAsync() =>
        Assert.Empty((await Http.GetFromJsonAsync<JsonElement>("/api/playlists")).EnumerateArray());

    private async Task<JsonElement> SongAsync(string id) => await Http.GetFromJsonAsync<JsonElement>($"/api/songs/{id}");

    [Fact]
    public async Task SaveFromQueue_ThenListGetAndExportAsM3u8()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        await host.AddAsync("s0001");
        await host.AddAsync("s0002");

        using var saved = await SaveAsync(session.Code, session.HostToken, new { name = "Friday night", from = "queue" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var playlist = await saved.Content.ReadFromJsonAsync<JsonElement>();
        var id = playlist.Str("id");
        Assert.Equal(["s0001", "s0002"], playlist.GetProperty("songs").EnumerateArray().Select(s => s.Str("catalogId")));
        Assert.All(playlist.GetProperty("songs").EnumerateArray(), s => Assert.True(s.GetProperty("available").GetBoolean()));

        var list = await Http.GetFromJsonAsync<JsonElement>("/api/playlists");
        var summary = Assert.Single(list.EnumerateArray());
        Assert.Equal((id, "Friday night", 2), (summary.Str("id"), summary.Str("name"), summary.GetProperty("songCount").GetInt32()));
        Assert.Equal(id, (await Http.GetFromJsonAsync<JsonElement>($"/api/playlists/{id}")).Str("id"));

        using var export = await Http.GetAsync(summary.Str("m3u8Url"));
        Assert.Equal("audio/x-mpegurl", export.Content.Headers.ContentType?.MediaType);
        var (one, two) = (await SongAsync("s0001"), await SongAsync("s0002"));
        Assert.Equal(
            "#EXTM3U\n"
            + $"#EXTINF:{one.GetProperty("durationSeconds").GetInt32()},{one.Str("artist")} - {one.Str("title")}\nhuddle:s0001\n"
            + $"#EXTINF:{two.GetProperty("durationSeconds").GetInt32()},{two.Str("artist")} - {two.Str("title")}\nhuddle:s0002\n",
            await export.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaveFromHistory_KeepsThePlayedSongsInOrder()
    {
        var (session, host) = await _server.CreateAndJoinAsync(settings: new { autoPlay = false });
        await host.AddAsync("s0003");
        await host.AddAsync("s0004");
        await host.Send("PlayNext");
        await host.Send("PlayNext");
        await host.Send("PlayNext");
        var history = (await host.SnapshotAsync()).GetProperty("history").EnumerateArray().Select(h => h.Str("catalogId")).ToList();
        Assert.NotEmpty(history);

        using var saved = await SaveAsync(session.Code, session.HostToken, new { name = "Played", from = "history" });
        Assert.Equal(history, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("songs").EnumerateArray().Select(s => s.Str("catalogId")));
    }

    [Fact]
    public async Task Save_IsRefusedWithACode_AndStoresNothing()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        var member = await _server.JoinAsync(session.Code, "Guest");
        using (var empty = await SaveAsync(session.Code, session.HostToken, new { name = "Empty", from = "queue" }))
            Assert.Equal("playlist_empty", await CodeOf(empty));
        await host.AddAsync("s0001");

        var refusals = new (string? Token, string Code, object Body, string Expected)[]
        {
            (null, session.Code, new { name = "x", from = "queue" }, "not_allowed"),
            (member.Token, session.Code, new { name = "x", from = "queue" }, "not_allowed"),
            (session.HostToken, "ZZZZZZ", new { name = "x", from = "queue" }, "session_not_found"),
            (session.HostToken, session.Code, new { name = "", from = "queue" }, "invalid_playlist_name"),
            (session.HostToken, session.Code, new { name = "bad\u0007name", from = "queue" }, "invalid_playlist_name"),
            (session.HostToken, session.Code, new { name = new string('n', 101), from = "queue" }, "invalid_playlist_name"),
            (session.HostToken, session.Code, new { name = "x", from = "everything" }, "invalid_input"),
        };
        foreach (var (token, code, body, expected) in refusals)
        {
            using var response = await SaveAsync(code, token, body);
            Assert.Equal(expected, await CodeOf(response));
        }

        await AssertNoPlaylistsAsync();
    }

    [Fact]
    public async Task Import_ResolvesIdsExtinfAndFileNames_AndReportsUnmatchedLines()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        var (one, two) = (await SongAsync("s0010"), await SongAsync("s0011"));
        var file = "#EXTM3U\n"
            + "#EXTINF:1,whatever\nhuddle:s0005\n"
            + $"#EXTINF:200,{one.Str("artist").ToUpperInvariant()} - {one.Str("title")}\nhttp://example.org/stream.mp3\n"
            + $"Some Folder/{two.Str("artist")} - {two.Str("title")}.flac\n"
            + "#EXTINF:10,Nobody - Nothing\nnowhere.mp3\n";

        using var response = await ImportAsync(session.Code, session.HostToken, Encoding.UTF8.GetBytes(file), "Mixed");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["s0005", "s0010", "s0011"], body.GetProperty("playlist").GetProperty("songs").EnumerateArray().Select(s => s.Str("catalogId")));
        var unmatched = Assert.Single(body.GetProperty("unmatched").EnumerateArray());
        Assert.Equal((8, "nowhere.mp3"), (unmatched.GetProperty("line").GetInt32(), unmatched.Str("text")));
    }

    [Fact]
    public async Task Import_OfAFileLargerThanTheJsonBodyLimit_ButWithinThePlaylistLimit_IsAccepted()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        var comment = "# " + new string('x', 400);
        var file = "#EXTM3U\n" + string.Join('\n', Enumerable.Range(1, 300).Select(i => $"{comment}\nhuddle:s{i:D4}"));
        Assert.True(Encoding.UTF8.GetByteCount(file) > 64 * 1024);

        using var response = await ImportAsync(session.Code, session.HostToken, Encoding.UTF8.GetBytes(file));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(300, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("playlist").GetProperty("songs").GetArrayLength());
    }

    [Fact]
    public async Task ExportThenImport_OfMusicFolderSongs_GoesByTheirPathInTheFolder()
    {
        var music = Directory.CreateTempSubdirectory("huddle-music-");
        try
        {
            await MusicFiles.WriteAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(music.FullName, "Album")).FullName, "a.mp3"),
                new MusicFiles.Tags("Folder Song", "Folder Artist", "Album", 2020, "Rock", 1));
            await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Huddle:Music:Folder"] = music.FullName });
            var song = Assert.Single(await MusicFolderTests.FolderSongsAsync(server.Http, s => s.Count == 1));
            var (session, host) = await server.CreateAndJoinAsync();
            await host.AddAsync(song.Str("id"));
            using var saved = await server.Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{session.Code}/playlists", session.HostToken,
                JsonContent.Create(new { name = "Folder", from = "queue" })));
            var export = await server.Http.GetStringAsync((await saved.Content.ReadFromJsonAsync<JsonElement>()).Str("m3u8Url"));
            Assert.Equal($"#EXTM3U\n#EXTINF:{song.GetProperty("durationSeconds").GetInt32()},Folder Artist - Folder Song\nAlbum/a.mp3\n", export);

            // Re-imported with no #EXTINF at all, the path alone finds the song.
            using var imported = await server.Http.SendAsync(AsHost(HttpMethod.Post, $"/api/playlists?session={session.Code}&name=Again", session.HostToken,
                new StringContent("Album/a.mp3\n" + Path.Combine(music.FullName, "Album", "a.mp3") + "\n")));
            Assert.Equal([song.Str("id"), song.Str("id")],
                (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("playlist").GetProperty("songs").EnumerateArray().Select(s => s.Str("catalogId")));
        }
        finally
        {
            music.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Import_OfHostileOrUnusableFiles_IsRefusedWithACode_AndStoresNothing()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        var good = Encoding.UTF8.GetBytes("#EXTM3U\nhuddle:s0001\n");
        var refusals = new (string? Token, byte[] File, string Name, string Expected)[]
        {
            (null, good, "x", "not_allowed"),
            (session.HostToken, good, "", "invalid_playlist_name"),
            (session.HostToken, [0x23, 0x45, 0xC3, 0x28, 0x0A], "x", "invalid_playlist"), // broken UTF-8
            (session.HostToken, Encoding.UTF8.GetBytes("huddle:s0001\n\u001b]0;pwned\u0007\n"), "x", "invalid_playlist"),
            (session.HostToken, new byte[300 * 1024], "x", "playlist_too_large"),
            (session.HostToken, Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 501).Select(i => $"huddle:s{i:D4}"))), "x", "playlist_too_large"),
            (session.HostToken, Encoding.UTF8.GetBytes("#EXTM3U\nnothing-here.mp3\n"), "x", "playlist_empty"),
        };
        foreach (var (token, file, name, expected) in refusals)
        {
            using var response = await ImportAsync(session.Code, token, file, name);
            Assert.Equal(expected, await CodeOf(response));
        }

        using (var noSession = await ImportAsync("ZZZZZZ", session.HostToken, good))
            Assert.Equal("session_not_found", await CodeOf(noSession));
        await AssertNoPlaylistsAsync();
    }

    [Fact]
    public async Task AddToQueue_GoesSongBySongThroughTheLimits_AndReportsRefusals()
    {
        var (session, host) = await _server.CreateAndJoinAsync(settings: new { maxQueuedPerPerson = 2 });
        using var imported = await ImportAsync(session.Code, session.HostToken, Encoding.UTF8.GetBytes("huddle:s0001\nhuddle:s0002\nhuddle:s0003\n"));
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("playlist").Str("id");
        var member = await _server.JoinAsync(session.Code, "Guest");

        using (var asMember = await Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{session.Code}/playlists/{id}/queue", member.Token)))
            Assert.Equal("not_allowed", await CodeOf(asMember));
        using (var unknown = await Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{session.Code}/playlists/pl_nope/queue", session.HostToken)))
            Assert.Equal("playlist_not_found", await CodeOf(unknown));

        using var response = await Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{session.Code}/playlists/{id}/queue", session.HostToken));
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("added").GetInt32());
        var refused = Assert.Single(report.GetProperty("refused").EnumerateArray());
        Assert.Equal("s0003", refused.Str("catalogId"));
        Assert.False(string.IsNullOrEmpty(refused.Str("code")));
        Assert.Equal(["s0001", "s0002"], (await host.SnapshotAsync()).GetProperty("queue").EnumerateArray().Select(q => q.Str("catalogId")).Order());
    }

    [Fact]
    public async Task StartAJamFromAPlaylist_CreateJoinThenQueue_QueuesItsSongs_ButNotForAHostWhoLeft()
    {
        var (first, _) = await _server.CreateAndJoinAsync();
        using var imported = await ImportAsync(first.Code, first.HostToken, Encoding.UTF8.GetBytes("huddle:s0007\nhuddle:s0008\n"), "Road trip");
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("playlist").Str("id");

        // What the web app's "Start a jam" does: create the jam, join it as its host, add the playlist.
        var session = await _server.CreateSessionAsync();
        using (var absent = await Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{session.Code}/playlists/{id}/queue", session.HostToken)))
        {
            var report = await absent.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(0, report.GetProperty("added").GetInt32());
            Assert.All(report.GetProperty("refused").EnumerateArray(), r => Assert.Equal("not_joined", r.Str("code")));
        }

        var host = await _server.ConnectAsync();
        await host.JoinAsync(session.Code, null, session.HostToken);
        using var response = await Http.SendAsync(AsHost(HttpMethod.Post, $"/api/sessions/{session.Code}/playlists/{id}/queue", session.HostToken));
        Assert.Equal("{\"added\":2,\"refused\":[]}", await response.Content.ReadAsStringAsync());
        Assert.Equal(["s0007", "s0008"], (await host.SnapshotAsync()).GetProperty("queue").EnumerateArray().Select(q => q.Str("catalogId")).Order());
    }

    [Fact]
    public async Task Delete_NeedsAHost_ThenThePlaylistIsGone()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        using var imported = await ImportAsync(session.Code, session.HostToken, Encoding.UTF8.GetBytes("huddle:s0001\n"));
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("playlist").Str("id");

        using (var anonymous = await Http.SendAsync(AsHost(HttpMethod.Delete, $"/api/playlists/{id}?session={session.Code}", null)))
            Assert.Equal("not_allowed", await CodeOf(anonymous));
        Assert.Single((await Http.GetFromJsonAsync<JsonElement>("/api/playlists")).EnumerateArray());

        using (var deleted = await Http.SendAsync(AsHost(HttpMethod.Delete, $"/api/playlists/{id}?session={session.Code}", session.HostToken)))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertNoPlaylistsAsync();
        foreach (var url in new[] { $"/api/playlists/{id}", $"/api/playlists/{id}.m3u8", "/api/playlists/pl_..%2F..%2Fetc" })
        {
            using var gone = await Http.GetAsync(url);
            Assert.Equal((HttpStatusCode.NotFound, "playlist_not_found"), (gone.StatusCode, await CodeOf(gone)));
        }
    }
}
