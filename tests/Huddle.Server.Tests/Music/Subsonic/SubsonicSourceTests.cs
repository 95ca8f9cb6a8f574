using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Huddle.Server.Music.Subsonic;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Tests.Music.Subsonic;

/// <summary>A Subsonic server as a song source, through the real Huddle and a stand-in Subsonic server.</summary>
public sealed class SubsonicSourceTests : IAsyncLifetime, IDisposable
{
    private readonly CapturingLoggerProvider _logs = new(LogLevel.Information);
    private SubsonicStandIn _subsonic = null!;
    private HuddleServer? _server;

    public async Task InitializeAsync() => _subsonic = await SubsonicStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        await _subsonic.DisposeAsync();
    }

    public void Dispose() => _logs.Dispose();

    /// <summary>
    /// Starts Huddle against <paramref name="url"/> and waits for a full sync (an awaited call, no polling). The
    /// source's own first sync is requested during start, so this one lists after it: once it returns no sync
    /// runs or waits until SyncInterval (15 minutes), and a test may change the stand-in's songs.
    /// </summary>
    private async Task<HuddleServer> StartAsync(string? url = null, string password = SubsonicStandIn.Password)
    {
        _server = await HuddleServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Huddle:Music:Subsonic:Url"] = url ?? _subsonic.Url,
                ["Huddle:Music:Subsonic:User"] = SubsonicStandIn.User,
                ["Huddle:Music:Subsonic:Password"] = password,
                ["Huddle:Music:Subsonic:Timeout"] = "00:00:05",
            },
            configure: b => b.Logging.AddProvider(_logs));
        await _server.Services.GetRequiredService<SubsonicSongSource>().SyncAsync(CancellationToken.None);
        return _server;
    }

    private static async Task<JsonElement> StatusAsync(HuddleServer server) =>
        await server.Http.GetFromJsonAsync<JsonElement>("/api/songs/subsonic");

    [Fact]
    public async Task Search_FindsSubsonicSongsWithCover_AndTheHostQueuesOne()
    {
        var server = await StartAsync();

        var page = await server.Http.GetFromJsonAsync<JsonElement>("/api/songs?q=aurora");
        var song = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("ss:tr-1", song.Str("id"));
        Assert.Equal(("Aurora Lights", "Nova Band", "Night Skies", 2019, "Synthpop", 183), (song.Str("title"), song.Str("artist"), song.Str("album"),
            song.GetProperty("year").GetInt32(), song.Str("genre"), song.GetProperty("durationSeconds").GetInt32()));
        Assert.True(song.GetProperty("hasAudio").GetBoolean());
        Assert.StartsWith("/api/songs/ss%3Atr-1/cover?v=", song.Str("coverUrl"));

        var (_, host) = await server.CreateAndJoinAsync();
        var item = await host.Call("AddToQueue", new { catalogId = "ss:tr-1" });
        Assert.Equal("ss:tr-1", item.Str("catalogId"));
        Assert.Equal("Aurora Lights", item.Str("title"));

        var status = await StatusAsync(server);
        Assert.Equal(("ok", 3), (status.Str("state"), status.GetProperty("songs").GetInt32()));
    }

    [Fact]
    public async Task Audio_StreamsThroughHuddle_WithRange_AndNeverShowsTheCredentials()
    {
        var server = await StartAsync();

        using var whole = await server.Http.GetAsync("/api/songs/ss%3Atr-1/audio");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/mpeg", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_subsonic.Audio, await whole.Content.ReadAsByteArrayAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/songs/ss:tr-1/audio");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var part = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000-1999/{_subsonic.Audio.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(_subsonic.Audio[1000..2000], await part.Content.ReadAsByteArrayAsync());

        // Token auth on every call: the password never went over the wire, and nothing Huddle answered names the token.
        Assert.All(_subsonic.Requests, r => Assert.DoesNotContain(Uri.EscapeDataString(SubsonicStandIn.Password), r));
        Assert.DoesNotContain(part.Headers.Concat(part.Content.Headers), h => h.Value.Any(v => v.Contains("t=", StringComparison.Ordinal)));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains(SubsonicStandIn.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audio_OfASongTheServerLost_IsNoAudio()
    {
        var server = await StartAsync();
        _subsonic.Songs.RemoveAt(1); // gone on the server since the last sync

        using var response = await server.Http.GetAsync("/api/songs/ss:tr-2/audio");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no_audio", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task SyncsRequestedWhileOneRuns_ShareOneMoreListing()
    {
        var server = await StartAsync();
        var source = server.Services.GetRequiredService<SubsonicSongSource>();
        var listed = _subsonic.Requests.Count(IsListing);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _subsonic.BeforeSearch3 = () =>
        {
            entered.TrySetResult();
            return release.Task;
        };

        var running = source.SyncAsync(CancellationToken.None);
        await entered.Task; // a listing is in flight, held by the stand-in
        _subsonic.BeforeSearch3 = null;
        var queued = new[] { source.SyncAsync(CancellationToken.None), source.SyncAsync(CancellationToken.None) };
        Assert.False(running.IsCompleted);

        release.SetResult();
        await Task.WhenAll([running, .. queued]);

        Assert.Equal(listed + 2, _subsonic.Requests.Count(IsListing)); // the held one + one shared by both callers, not one each
        var status = await StatusAsync(server);
        Assert.Equal(("ok", 3), (status.Str("state"), status.GetProperty("songs").GetInt32()));

        static bool IsListing(string request) => request.StartsWith("/rest/search3?", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cover_HasAnETag_AndRevalidatesWith304()
    {
        var server = await StartAsync();
        var coverUrl = (await server.Http.GetFromJsonAsync<JsonElement>("/api/songs/ss:tr-2")).Str("coverUrl");

        using var first = await server.Http.GetAsync(coverUrl);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_subsonic.Cover, await first.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=86400", first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, coverUrl);
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var none = await server.Http.GetAsync("/api/songs/ss:tr-3/cover");
        Assert.Equal("no_cover", (await none.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task WrongPassword_IsACodedStatusForHosts_AndTheJamStillWorks()
    {
        var server = await StartAsync(password: "wrong");

        var status = await StatusAsync(server);
        Assert.Equal(("failed", "subsonic_unauthorized"), (status.Str("state"), status.Str("code")));
        Assert.Contains(_logs.Entries, e => e.Id.Id == 1642 && e.Text.Contains("subsonic_unauthorized", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("wrong", StringComparison.Ordinal) && e.Text.Contains("Password=", StringComparison.Ordinal));

        var (_, host) = await server.CreateAndJoinAsync();
        await host.AddAsync("s0001");
        Assert.Equal(0, (await server.Http.GetFromJsonAsync<JsonElement>("/api/songs?q=aurora")).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task UnreachableServer_IsACodedStatus_AndHuddleServesTheRest()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var server = await StartAsync($"http://127.0.0.1:{port}");

        var status = await StatusAsync(server);
        Assert.Equal(("failed", "subsonic_unreachable"), (status.Str("state"), status.Str("code")));
        using var audio = await server.Http.GetAsync("/api/songs/ss:tr-1/audio");
        Assert.Equal("song_not_found", (await audio.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.True((await server.Http.GetFromJsonAsync<JsonElement>("/api/songs?q=a")).GetProperty("count").GetInt32() > 0);
    }

    [Fact]
    public async Task ServerGoneAfterTheSync_AudioAndCoverAreACoded503_AndTheSongsStayListed()
    {
        var server = await StartAsync();
        await _subsonic.DisposeAsync(); // the Subsonic server goes down (DisposeAsync below tolerates the second call)

        foreach (var url in new[] { "/api/songs/ss:tr-1/audio", "/api/songs/ss:tr-1/cover" })
        {
            using var response = await server.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("subsonic_unreachable", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        }

        Assert.Equal("ss:tr-1", (await server.Http.GetFromJsonAsync<JsonElement>("/api/songs/ss:tr-1")).Str("id"));
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("garbled")]
    public async Task HostileAnswers_AreAnInvalidResponseStatus_NotACrash(string mode)
    {
        _subsonic.Search3Mode = mode;
        var server = await StartAsync();

        var status = await StatusAsync(server);
        Assert.Equal(("failed", "subsonic_invalid_response"), (status.Str("state"), status.Str("code")));
        using var health = await server.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task HostileSongs_AreCleanedOrSkipped()
    {
        _subsonic.Songs.Add(SubsonicStandIn.Song("../../etc/passwd", "Path", "X", "Y", 2000, "Z", 10, null));
        _subsonic.Songs.Add(SubsonicStandIn.Song("tr-9", "Evil\u202E\u0007 Title", "", new string('a', 5000), -5, "G", int.MaxValue, "../x"));
        var server = await StartAsync();

        Assert.Equal(4, (await StatusAsync(server)).GetProperty("songs").GetInt32());
        var song = await server.Http.GetFromJsonAsync<JsonElement>("/api/songs/ss:tr-9");
        Assert.Equal(("Evil Title", "Unknown artist", 200, 0, 0), (song.Str("title"), song.Str("artist"), song.Str("album").Length,
            song.GetProperty("year").GetInt32(), song.GetProperty("durationSeconds").GetInt32()));
        // An odd cover id is only ever a query value, escaped: it cannot change the address it is sent to.
        using var cover = await server.Http.GetAsync(song.Str("coverUrl"));
        Assert.Equal(HttpStatusCode.OK, cover.StatusCode);
        Assert.Contains(_subsonic.Requests, r => r.StartsWith("/rest/getCoverArt?id=..%2Fx&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASubsonicUrlWithoutPassword_StopsTheServerWithAClearMessage()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:Music:Subsonic:Url"] = _subsonic.Url,
            ["Huddle:Music:Subsonic:User"] = "u",
        }));
        Assert.Contains("Huddle:Music:Subsonic: Password must be set when Url is.", error.Message);
    }

    [Fact]
    public async Task WithoutAUrl_TheSourceIsOff_AndNothingIsContacted()
    {
        _server = await HuddleServer.StartAsync();
        Assert.Equal("off", (await StatusAsync(_server)).Str("state"));
        Assert.Empty(_subsonic.Requests);
    }
}
