using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Movies.Jellyfin;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// A Jellyfin server as a film source beside the film folder, through the real Huddle and a stand-in
/// Jellyfin: the list, the proxied video with ranges and subtitles, the key kept on the server, and the
/// folder going on while Jellyfin refuses, is down or is slow.
/// </summary>
public sealed class JellyfinFilmsTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _films = Directory.CreateTempSubdirectory("huddle-films-");
    private readonly CapturingLoggerProvider _logs = new(LogLevel.Debug);
    private JellyfinStandIn _jellyfin = null!;
    private HuddleServer? _server;

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(Path.Combine(_films.FullName, "Home_Movie.mp4"), [1, 2, 3, 4]);
        _jellyfin = await JellyfinStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        await _jellyfin.DisposeAsync();
        _films.Delete(recursive: true);
    }

    public void Dispose() => _logs.Dispose();

    private async Task<HuddleServer> StartAsync(string apiKey = JellyfinStandIn.ApiKey, TimeProvider? time = null, string? url = null) =>
        _server = await HuddleServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Huddle:Films:Folder"] = _films.FullName,
                ["Huddle:Films:Jellyfin:Url"] = url ?? _jellyfin.Url,
                ["Huddle:Films:Jellyfin:ApiKey"] = apiKey,
                ["Huddle:Films:Jellyfin:Timeout"] = "00:00:05",
                ["Huddle:Films:Jellyfin:ListCacheDuration"] = "00:00:00", // every list asks again: the tests change the stand-in
            },
            time,
            b => b.Logging.AddProvider(_logs));

    private static async Task<JsonElement> ListAsync(HuddleServer server) => await server.Http.GetFromJsonAsync<JsonElement>("/api/films");

    private static JsonElement Film(JsonElement list, string title) =>
        list.GetProperty("films").EnumerateArray().Single(f => f.Str("title") == title);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task List_HasJellyfinFilmsBesideTheFolder_OnlyThoseABrowserPlays_NeverJellyfinsAddressOrIds()
    {
        var server = await StartAsync();

        var list = await ListAsync(server);

        Assert.True(list.GetProperty("configured").GetBoolean());
        Assert.Equal(["Home Movie", "Metropolis", "The Night of the Hunter"], list.GetProperty("films").EnumerateArray().Select(f => f.Str("title")));
        var hunter = Film(list, "The Night of the Hunter");
        Assert.Equal(("jellyfin", 1955, "video/webm"), (hunter.Str("source"), hunter.GetProperty("year").GetInt32(), hunter.Str("contentType")));
        Assert.Matches("^[0-9a-f]{16}$", hunter.Str("id"));
        Assert.Equal($"/api/films/jellyfin/{hunter.Str("id")}/video", hunter.Str("videoUrl"));
        var subtitle = Assert.Single(hunter.GetProperty("subtitles").EnumerateArray()); // the PGS track cannot become WebVTT
        Assert.Equal("English - SUBRIP", subtitle.Str("label"));
        Assert.Equal(("video/x-matroska", "folder"), (Film(list, "Metropolis").Str("contentType"), Film(list, "Home Movie").Str("source")));
        var status = list.GetProperty("jellyfin");
        Assert.Equal(("ok", 2), (status.Str("state"), status.GetProperty("films").GetInt32()));

        var raw = list.GetRawText();
        Assert.DoesNotContain(_jellyfin.Url, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("5d1c3a0e9b8f4e2a9c7d6b5a4f3e2d1c", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(JellyfinStandIn.ApiKey, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PagesThroughALargeLibrary_AndSkipsHostileEntries()
    {
        for (var i = 0; i < JellyfinClient.PageSize + 5; i++)
            _jellyfin.Movies.Add(JellyfinStandIn.Movie($"{i:x8}000000000000000000000000", $"Short {i:000}", 2000, "mp4", JellyfinStandIn.Stream("Video", 0, "h264", null, null)));
        _jellyfin.Movies.Add(JellyfinStandIn.Movie("../../etc/passwd", "Path Trick", 2001, "mp4"));
        _jellyfin.Movies.Add(JellyfinStandIn.Movie("feedfacefeedfacefeedfacefeedface", "\u202Egnp.exe\u0007 " + new string('x', 300), 2002, "mp4"));
        var server = await StartAsync();

        var films = (await ListAsync(server)).GetProperty("films").EnumerateArray().Where(f => f.Str("source") == "jellyfin").ToList();

        Assert.Equal(JellyfinClient.PageSize + 5 + 3, films.Count); // two pages; the path-like id is dropped
        Assert.Contains(films, f => f.Str("title") == "Short 204");
        var odd = Assert.Single(films, f => f.Str("title").StartsWith("gnp.exe", StringComparison.Ordinal));
        Assert.Equal(200, odd.Str("title").Length); // direction override and bell removed, clipped to a title's length
        Assert.DoesNotContain(films, f => f.Str("title") == "Path Trick");
        Assert.Equal(2, _jellyfin.Requests.Count(r => r.Url.StartsWith("/Items?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Video_IsProxiedWithRangeRequests_AndTheKeyNeverLeavesTheServer()
    {
        var server = await StartAsync();
        var hunter = Film(await ListAsync(server), "The Night of the Hunter");

        using var whole = await server.Http.GetAsync(hunter.Str("videoUrl"));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/webm", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_jellyfin.Video, await whole.Content.ReadAsByteArrayAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, hunter.Str("videoUrl"));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 100-199/{_jellyfin.Video.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(_jellyfin.Video[100..200], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", part.Headers.AcceptRanges.Single());

        // The key travels only in the Authorization header to Jellyfin: in no URL, no answer, no log line.
        var streams = _jellyfin.Requests.Where(r => r.Url.StartsWith("/Videos/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, streams.Count);
        Assert.All(streams, r => Assert.Contains($"Token=\"{JellyfinStandIn.ApiKey}\"", r.Headers, StringComparison.Ordinal));
        Assert.All(_jellyfin.Requests, r => Assert.DoesNotContain(JellyfinStandIn.ApiKey, r.Url, StringComparison.Ordinal));
        Assert.DoesNotContain(part.Headers.Concat(part.Content.Headers), h => h.Value.Any(v => v.Contains(JellyfinStandIn.ApiKey, StringComparison.Ordinal)));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains(JellyfinStandIn.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subtitles_AreWebVttFromJellyfin_OnlyTracksTheListingReturned()
    {
        var server = await StartAsync();
        var hunter = Film(await ListAsync(server), "The Night of the Hunter");

        using var vtt = await server.Http.GetAsync(hunter.GetProperty("subtitles")[0].Str("url"));

        Assert.Equal(HttpStatusCode.OK, vtt.StatusCode);
        Assert.Equal("text/vtt", vtt.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JellyfinStandIn.SubtitleVtt, await vtt.Content.ReadAsStringAsync());
        var asked = _jellyfin.Requests.Count;
        using var pgs = await server.Http.GetAsync($"/api/films/jellyfin/{hunter.Str("id")}/subtitles/3");
        await AssertProblemAsync(pgs, HttpStatusCode.NotFound, "film_not_found");
        Assert.Equal(asked, _jellyfin.Requests.Count);
    }

    [Theory]
    [InlineData("0000000000000000")] // the right shape, not listed
    [InlineData("5d1c3a0e9b8f4e2a9c7d6b5a4f3e2d1c")] // Jellyfin's own item id
    [InlineData("..%2F..%2FSystem%2FInfo")]
    [InlineData("%C3%A9%E2%80%AEabcdef0123456")]
    public async Task UnknownIds_AreFilmNotFound_AndNothingIsAskedOfJellyfin(string id)
    {
        var server = await StartAsync();
        await ListAsync(server);
        var asked = _jellyfin.Requests.Count;

        using var video = await server.Http.GetAsync($"/api/films/jellyfin/{id}/video");
        using var subtitles = await server.Http.GetAsync($"/api/films/jellyfin/{id}/subtitles/2");

        await AssertProblemAsync(video, HttpStatusCode.NotFound, "film_not_found");
        await AssertProblemAsync(subtitles, HttpStatusCode.NotFound, "film_not_found");
        Assert.Equal(asked, _jellyfin.Requests.Count);
    }

    [Fact]
    public async Task WrongKey_IsJellyfinUnauthorized_TheFolderKeepsWorking()
    {
        var server = await StartAsync(apiKey: "not-the-key");

        var list = await ListAsync(server);

        Assert.Equal(["Home Movie"], list.GetProperty("films").EnumerateArray().Select(f => f.Str("title")));
        Assert.Equal(("failed", "jellyfin_unauthorized"), (list.GetProperty("jellyfin").Str("state"), list.GetProperty("jellyfin").Str("code")));
        using var folderVideo = await server.Http.GetAsync(Film(list, "Home Movie").Str("videoUrl"));
        Assert.Equal(HttpStatusCode.OK, folderVideo.StatusCode);
        Assert.Single(_logs.Entries, e => e.Id.Id == Huddle.Core.Log.JellyfinUnavailable && e.Text.Contains("jellyfin_unauthorized", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("not-the-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyRevokedDuringTheParty_VideoIsJellyfinUnauthorized()
    {
        var server = await StartAsync();
        var hunter = Film(await ListAsync(server), "The Night of the Hunter");
        _jellyfin.AcceptedKey = "a-new-key";

        using var video = await server.Http.GetAsync(hunter.Str("videoUrl"));
        using var subtitles = await server.Http.GetAsync(hunter.GetProperty("subtitles")[0].Str("url"));

        await AssertProblemAsync(video, HttpStatusCode.ServiceUnavailable, "jellyfin_unauthorized");
        await AssertProblemAsync(subtitles, HttpStatusCode.ServiceUnavailable, "jellyfin_unauthorized");
    }

    [Fact]
    public async Task JellyfinDown_IsJellyfinUnreachable_TheFolderKeepsWorking()
    {
        var server = await StartAsync();
        var hunter = Film(await ListAsync(server), "The Night of the Hunter");
        await _jellyfin.DisposeAsync();

        using var video = await server.Http.GetAsync(hunter.Str("videoUrl"));
        var list = await ListAsync(server);

        await AssertProblemAsync(video, HttpStatusCode.ServiceUnavailable, "jellyfin_unreachable");
        Assert.Equal(["Home Movie"], list.GetProperty("films").EnumerateArray().Select(f => f.Str("title")));
        Assert.Equal("jellyfin_unreachable", list.GetProperty("jellyfin").Str("code"));
        Assert.DoesNotContain(_jellyfin.Url, list.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task JellyfinSlow_IsJellyfinTimeout_AfterTimeout_OnTheServerClock()
    {
        var time = new FakeTimeProvider(FakeClockTest.Start);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _jellyfin.BeforeItems = () =>
        {
            entered.TrySetResult();
            return release.Task;
        };
        var server = await StartAsync(time: time);

        try
        {
            var listing = ListAsync(server);
            await entered.Task;
            time.Advance(TimeSpan.FromSeconds(5));
            var list = await listing;

            Assert.Equal(["Home Movie"], list.GetProperty("films").EnumerateArray().Select(f => f.Str("title")));
            Assert.Equal("jellyfin_timeout", list.GetProperty("jellyfin").Str("code"));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task WatchParty_HostChoosesAJellyfinFilm_ByTheListedIdOnly()
    {
        var server = await StartAsync();
        var hunter = Film(await ListAsync(server), "The Night of the Hunter");
        var (session, host) = await server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var guest = await server.JoinAsync(session.Code, "Gia");
        await host.Send("PickMovie", new { movieId = (await host.SnapshotAsync()).Deck().GetProperty("cards")[0].GetProperty("movieId").GetInt32() });
        await guest.WaitFor("nowPlaying");

        await host.RejectedAsync("film_not_found", "ChooseWatchFile", new { fileId = "5d1c3a0e9b8f4e2a9c7d6b5a4f3e2d1c" });
        await host.Send("ChooseWatchFile", new { fileId = hunter.Str("id") });

        var party = (await guest.WaitFor("watchPartyUpdated")).GetProperty("party");
        Assert.Equal((hunter.Str("id"), "The Night of the Hunter"), (party.Str("fileId"), party.Str("fileTitle")));
    }

    [Theory]
    [InlineData("ftp://jellyfin.lan", "key", "Url must be")]
    [InlineData("http://jellyfin.lan?x=1", "key", "Url must be")]
    [InlineData("http://jellyfin.lan", "", "ApiKey must be set")]
    [InlineData("http://jellyfin.lan", "bad\"key", "ApiKey must be at most")]
    [InlineData("http://jellyfin.lan", "bad key", "ApiKey must be at most")]
    public void Options_RefuseABadUrlOrKey(string url, string key, string error)
    {
        var problems = new JellyfinOptions { Url = url, ApiKey = key }.Validate().ToList();

        Assert.Contains(problems, p => p.StartsWith(error, StringComparison.Ordinal));
        Assert.Empty(new JellyfinOptions { Url = "http://jellyfin.lan:8096/jf", ApiKey = JellyfinStandIn.ApiKey, UserId = "4c5e0b6a-9d3f-4a1c-8b2e-7d6f5a4b3c2d" }.Validate());
    }
}
