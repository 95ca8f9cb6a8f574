using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// The film folder over real HTTP (list, video with ranges, subtitles as WebVTT, ids instead of paths) and
/// the watch party on the hub (choosing the file, the control rule, waiting for a member who buffers).
/// </summary>
public sealed class FilmFolderTests : IAsyncLifetime
{
    private readonly DirectoryInfo _films = Directory.CreateTempSubdirectory("huddle-films-");
    private HuddleServer _server = null!;

    public async Task InitializeAsync()
    {
        // A "video" only needs bytes here: the range handling is HTTP's, the browser test plays a real one.
        await File.WriteAllBytesAsync(Path.Combine(_films.FullName, "Night_Train.mp4"), Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        await File.WriteAllTextAsync(Path.Combine(_films.FullName, "Night_Train.en.srt"),
            "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nAll aboard, 1,2,3!\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nNext stop.\r\n");
        await File.WriteAllTextAsync(Path.Combine(_films.FullName, "Night_Train.vtt"), "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n");
        var sub = Directory.CreateDirectory(Path.Combine(_films.FullName, "More"));
        await File.WriteAllBytesAsync(Path.Combine(sub.FullName, "clip.webm"), [1, 2, 3]);
        await File.WriteAllTextAsync(Path.Combine(_films.FullName, "notes.txt"), "not a film");
        _server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Huddle:Films:Folder"] = _films.FullName });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _films.Delete(recursive: true);
    }

    [Fact]
    public async Task List_HasEachVideoWithItsSubtitles_ByIdNeverByPath()
    {
        var list = await _server.Http.GetFromJsonAsync<JsonElement>("/api/films");

        Assert.True(list.GetProperty("configured").GetBoolean());
        var films = list.GetProperty("films").EnumerateArray().ToList();
        Assert.Equal(["clip", "Night Train"], films.Select(f => f.Str("title")));
        var train = films[1];
        Assert.Equal("video/mp4", train.Str("contentType"));
        Assert.Matches("^[0-9a-f]{16}$", train.Str("id"));
        Assert.Equal(["en", "Subtitles"], train.GetProperty("subtitles").EnumerateArray().Select(s => s.Str("label")));
        Assert.DoesNotContain(_films.FullName, list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Video_IsStreamedWithRangeRequests()
    {
        var id = await FilmIdAsync("Night Train");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/films/{id}/video");
        request.Headers.Range = new RangeHeaderValue(10, 13);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 10, 11, 12, 13 }, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(256, response.Content.Headers.ContentRange!.Length);
    }

    [Fact]
    public async Task Subtitles_SrtIsServedAsWebVtt_VttAsItIs()
    {
        var film = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/films")).GetProperty("films")[1];
        var subtitles = film.GetProperty("subtitles").EnumerateArray().ToList();

        var srt = await _server.Http.GetAsync(subtitles[0].Str("url"));
        var vtt = await _server.Http.GetStringAsync(subtitles[1].Str("url"));

        Assert.Equal("text/vtt", srt.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nAll aboard, 1,2,3!\n\n2\n00:00:03.000 --> 00:00:04.000\nNext stop.\n\n",
            await srt.Content.ReadAsStringAsync());
        Assert.StartsWith("WEBVTT\n\n00:01.000", vtt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/films/0000000000000000/video")]
    [InlineData("/api/films/..%2F..%2Fetc%2Fpasswd/video")]
    [InlineData("/api/films/Night_Train.mp4/video")]
    public async Task UnknownIds_AreFilmNotFound_NoPathIsEverOpened(string url)
    {
        var response = await _server.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("film_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task UnknownSubtitle_IsFilmNotFound()
    {
        var id = await FilmIdAsync("Night Train");

        var response = await _server.Http.GetAsync($"/api/films/{id}/subtitles/0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("film_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task WatchParty_HostChoosesTheFile_GuestsControlOnlyWhenAllowed()
    {
        var (host, guest) = await WatchingAsync();
        var id = await FilmIdAsync("Night Train");

        await guest.RejectedAsync("not_allowed", "ChooseWatchFile", new { fileId = id });
        await host.RejectedAsync("film_not_found", "ChooseWatchFile", new { fileId = "0000000000000000" });
        await host.RejectedAsync("film_not_found", "ChooseWatchFile", new { fileId = "../Night_Train.mp4" });
        await host.Send("ChooseWatchFile", new { fileId = id });

        var party = (await guest.WaitFor("watchPartyUpdated")).GetProperty("party");
        Assert.Equal((id, "Night Train"), (party.Str("fileId"), party.Str("fileTitle")));
        await guest.RejectedAsync("not_allowed", "UpdatePlayback", new { isPlaying = true, positionSeconds = 0 });
        await guest.RejectedAsync("not_allowed", "SetWatchControl", new { everyone = true });

        await host.Send("SetWatchControl", new { everyone = true });
        await guest.WaitFor("watchPartyUpdated", e => e.GetProperty("party").GetProperty("everyoneControls").GetBoolean());
        await guest.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 3.5 });

        var paused = await host.WaitFor("playbackUpdated", e => e.GetProperty("playback").GetProperty("positionSeconds").GetDouble() == 3.5);
        Assert.False(paused.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        Assert.Equal(guest.ParticipantId, paused.Str("byId")); // every device says who paused
        var snapshot = await guest.SnapshotAsync();
        Assert.Equal(id, snapshot.Deck().GetProperty("party").Str("fileId"));
    }

    [Fact]
    public async Task WatchParty_AMemberBuffering_PausesEveryone_AndTheyResumeTogetherWhenReady()
    {
        var (session, host) = await _server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var guest = await _server.JoinAsync(session.Code, "Gia");
        await host.Send("PickMovie", new { movieId = await FirstCardAsync(host) });
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 60 });
        await guest.WaitFor("playbackUpdated", e => e.GetProperty("playback").GetProperty("isPlaying").GetBoolean());

        await guest.Send("ReportBuffering", new { buffering = true });

        var waiting = (await host.WaitFor("watchPartyUpdated")).GetProperty("party");
        Assert.True(waiting.GetProperty("waiting").GetBoolean());
        Assert.Single(waiting.GetProperty("buffering").EnumerateArray());
        var pause = await host.WaitFor("playbackUpdated", e => !e.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        Assert.False(pause.TryGetProperty("byId", out _)); // the party paused itself: nobody to name
        host.ClearEvents(); // the host's own play is no resume

        await guest.Send("ReportBuffering", new { buffering = false });

        var resume = await host.WaitFor("playbackUpdated", e => e.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        Assert.False(resume.TryGetProperty("byId", out _));
        await guest.RejectedAsync("invalid_input", "ReportBuffering", new { buffering = "yes" });
        await guest.RejectedAsync("invalid_input", "ReportBuffering", new { });
    }

    [Fact]
    public async Task ReadyCheck_TheLastReady_StartsTheFilmFromZeroForEveryone_RejectionsAreCoded()
    {
        var (host, guest) = await WatchingAsync();
        await host.RejectedAsync("no_watch_file", "StartReadyCheck");
        await host.Send("ChooseWatchFile", new { fileId = await FilmIdAsync("Night Train") });
        await guest.RejectedAsync("not_allowed", "StartReadyCheck");
        await guest.RejectedAsync("no_ready_check", "MarkReady");

        await host.Send("StartReadyCheck");

        var asked = (await guest.WaitFor("watchPartyUpdated", e => e.GetProperty("party").GetProperty("ready").ValueKind == JsonValueKind.Array)).GetProperty("party");
        Assert.Equal([host.ParticipantId], asked.GetProperty("ready").EnumerateArray().Select(id => id.GetString()));
        Assert.False((await guest.SnapshotAsync()).GetProperty("nowPlaying").GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        host.ClearEvents();

        await guest.Send("MarkReady");

        var start = (await host.WaitFor("playbackUpdated")).GetProperty("playback");
        Assert.True(start.GetProperty("isPlaying").GetBoolean());
        Assert.Equal(0, start.GetProperty("positionSeconds").GetDouble());
        var party = (await host.WaitFor("watchPartyUpdated")).GetProperty("party");
        Assert.Equal(JsonValueKind.Null, party.GetProperty("ready").ValueKind);
        await guest.RejectedAsync("no_ready_check", "MarkReady");
    }

    /// <summary>A host and a guest in a movie night whose film is picked (the guest has seen the pick).</summary>
    private async Task<(TestClient Host, TestClient Guest)> WatchingAsync()
    {
        var (session, host) = await _server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var guest = await _server.JoinAsync(session.Code, "Gia");
        await host.Send("PickMovie", new { movieId = await FirstCardAsync(host) });
        await guest.WaitFor("nowPlaying");
        return (host, guest);
    }

    private static async Task<int> FirstCardAsync(TestClient host) =>
        (await host.SnapshotAsync()).Deck().GetProperty("cards")[0].GetProperty("movieId").GetInt32();

    private async Task<string> FilmIdAsync(string title) =>
        (await _server.Http.GetFromJsonAsync<JsonElement>("/api/films")).GetProperty("films").EnumerateArray()
            .Single(f => f.Str("title") == title).Str("id");
}
