using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.Extensions.Logging;
using static Huddle.Server.Tests.Music.MusicFiles;

namespace Huddle.Server.Tests.Music;

/// <summary>The music folder through the real server: tags of every format, fallbacks, hostile files, covers, rescans.</summary>
public sealed class MusicFolderTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _music = Directory.CreateTempSubdirectory("huddle-music-");
    private readonly CapturingLoggerProvider _logs = new(LogLevel.Information);
    private HuddleServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _music.Delete(recursive: true);
    }

    public void Dispose() => _logs.Dispose();

    private string In(string relative)
    {
        var path = Path.Combine(_music.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private async Task<HuddleServer> StartAsync(string rescanDelay = "00:00:00.100")
    {
        _server = await HuddleServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Huddle:Music:Folder"] = _music.FullName,
                ["Huddle:Music:RescanDelay"] = rescanDelay,
                ["Huddle:Music:RescanInterval"] = "01:00:00", // changes below are found by the watcher, not the sweep
            },
            configure: b => b.Logging.AddProvider(_logs));
        return _server;
    }

    [Fact]
    public async Task Tags_OfEveryFormat_AreTheLibrarysTitleArtistAlbumYearGenreTrackAndDuration()
    {
        var formats = new[] { "mp3", "flac", "ogg", "opus", "m4a" };
        foreach (var (ext, i) in formats.Select((e, i) => (e, i)))
            await WriteAsync(In($"file{i}.{ext}"), new Tags($"{ext} Title", $"{ext} Artist", $"{ext} Album", 2001 + i, "Jazz", i + 1));
        await WriteAsync(In("Wave Artist - Wave Title.wav"), null);
        var server = await StartAsync();

        var songs = await FolderSongsAsync(server.Http, s => s.Count == 6);

        foreach (var (ext, i) in formats.Select((e, i) => (e, i)))
        {
            var song = songs.Single(s => s.Str("title") == $"{ext} Title");
            Assert.Equal($"{ext} Artist", song.Str("artist"));
            Assert.Equal($"{ext} Album", song.Str("album"));
            Assert.Equal(2001 + i, song.GetProperty("year").GetInt32());
            Assert.Equal("Jazz", song.Str("genre"));
            Assert.Equal(i + 1, song.GetProperty("track").GetInt32());
            // Three seconds of tone; lossy encoders add up to a frame of padding, which may round up.
            var seconds = song.GetProperty("durationSeconds").GetInt32();
            Assert.True(seconds is 3 or 4, $"{ext}: {seconds} s");
            Assert.True(song.GetProperty("hasAudio").GetBoolean(), ext);
        }

        var wav = songs.Single(s => s.Str("title") == "Wave Title");
        Assert.Equal("Wave Artist", wav.Str("artist"));
        Assert.Equal(3, wav.GetProperty("durationSeconds").GetInt32());
        var audio = await server.Http.GetAsync($"/api/songs/{songs.Single(s => s.Str("title") == "opus Title").Str("id")}/audio");
        Assert.Equal("audio/ogg", audio.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task MissingTags_FallBackToTheFileName_AndTheFolderAsAlbum()
    {
        await WriteAsync(In("Road Trip/The Band - Some Title.mp3"), null);
        await WriteAsync(In("just a name.ogg"), null);
        var server = await StartAsync();

        var songs = await FolderSongsAsync(server.Http, s => s.Count == 2);

        var named = songs.Single(s => s.Str("title") == "Some Title");
        Assert.Equal(("The Band", "Road Trip", "Local", 0), (named.Str("artist"), named.Str("album"), named.Str("genre"), named.GetProperty("year").GetInt32()));
        var plain = songs.Single(s => s.Str("title") == "just a name");
        Assert.Equal(("Unknown artist", "Music folder"), (plain.Str("artist"), plain.Str("album")));
        Assert.False(plain.GetProperty("hasCover").GetBoolean());
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("coverUrl").ValueKind);
    }

    [Fact]
    public async Task HostileFiles_AreNamedByFileOrSkipped_WithALogLine_AndTheRestStillPlays()
    {
        await WriteAsync(In("Good - Song.wav"), null);
        // Truncated in the middle of its ID3 tag (the cover is in it).
        await WriteAsync(In("whole.mp3"), new Tags("Whole", "A", "B", 2000, "Rock", 1), cover: true);
        await File.WriteAllBytesAsync(In("Cut - Short.mp3"), (await File.ReadAllBytesAsync(In("whole.mp3")))[..300]);
        File.Delete(In("whole.mp3"));
        // Noise with a music extension, and an MP3 that says it is Ogg.
        await File.WriteAllBytesAsync(In("Noise - Random.flac"), Enumerable.Range(0, 5000).Select(i => (byte)(i * 37 % 251)).ToArray());
        await WriteAsync(In("Wrong - Extension.mp3"), null);
        File.Move(In("Wrong - Extension.mp3"), In("Wrong - Extension.ogg"));
        // An ID3v2 header that claims a 256 MB tag, and a real FLAC tag with a 60,000-character title and controls.
        await File.WriteAllBytesAsync(In("Huge - Header.mp3"), [.. "ID3"u8, 3, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, .. new byte[2000]]);
        await WriteAsync(In("long.flac"), new Tags(new string('x', 60_000) + "\u0007\u202E", "A", "B", 2000, "Rock", 1));
        // A link to nowhere, and a folder linking back to the top (a loop).
        File.CreateSymbolicLink(In("Gone - Link.mp3"), In("missing.mp3"));
        Directory.CreateSymbolicLink(In("loop"), _music.FullName);
        var server = await StartAsync();

        var songs = await FolderSongsAsync(server.Http, s => s.Count == 6);

        Assert.Equal(
            ["Extension", "Header", "Random", "Short", "Song", new string('x', 200)],
            songs.Select(s => s.Str("title")).Order(StringComparer.Ordinal));
        var good = songs.Single(s => s.Str("title") == "Song");
        Assert.Equal(3, good.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync($"/api/songs/{good.Str("id")}/audio")).StatusCode);
        Assert.Contains(_logs.Entries, e => e.Id.Id == 1603 && e.Text.Contains("Noise - Random.flac", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Id.Id == 1604 && e.Text.Contains("Gone - Link.mp3", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Id.Id == 1604 && e.Text.Contains("loop", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Cover_IsServedWithETagAndCaching_RevalidatesWith304_AndNoCoverIs404()
    {
        await WriteAsync(In("With - Cover.mp3"), new Tags("Covered", "A", "B", 2000, "Rock", 1), cover: true);
        await WriteAsync(In("Without - Cover.flac"), new Tags("Bare", "A", "B", 2000, "Rock", 1));
        var server = await StartAsync();
        var songs = await FolderSongsAsync(server.Http, s => s.Count == 2);
        var covered = songs.Single(s => s.Str("title") == "Covered");
        var bare = songs.Single(s => s.Str("title") == "Bare");

        Assert.True(covered.GetProperty("hasCover").GetBoolean());
        var cover = await server.Http.GetAsync(covered.Str("coverUrl"));
        Assert.Equal(HttpStatusCode.OK, cover.StatusCode);
        Assert.Equal("image/jpeg", cover.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0xFF, 0xD8], (await cover.Content.ReadAsByteArrayAsync())[..2]);
        Assert.True(cover.Headers.CacheControl!.Public);
        var etag = cover.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/songs/{covered.Str("id")}/cover");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(again)).StatusCode);

        var none = await server.Http.GetAsync($"/api/songs/{bare.Str("id")}/cover");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("no_cover", (await none.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.Equal("no_cover", (await (await server.Http.GetAsync("/api/songs/s0001/cover")).Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.Equal("song_not_found", (await (await server.Http.GetAsync("/api/songs/nope/cover")).Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task Rescan_FindsNewChangedAndRemovedFiles_WithoutARestart_AndIdsStayPerPath()
    {
        await WriteAsync(In("First - One.flac"), new Tags("One", "First", "B", 2000, "Rock", 1));
        var server = await StartAsync();
        var before = (await FolderSongsAsync(server.Http, s => s.Count == 1)).Single();

        await WriteAsync(In("Later/Second - Two.ogg"), new Tags("Two", "Second", "B", 2000, "Rock", 2));
        await FolderSongsAsync(server.Http, s => s.Any(x => x.Str("title") == "Two"));

        // New tags in the same file: same path, so the same id, with the new title.
        var path = In("First - One.flac");
        await MusicFiles.RunAsync("metaflac", ["--remove-tag=TITLE", "--set-tag=TITLE=One Renamed", path]);
        var renamed = (await FolderSongsAsync(server.Http, s => s.Any(x => x.Str("title") == "One Renamed"))).Single(s => s.Str("title") == "One Renamed");
        Assert.Equal(before.Str("id"), renamed.Str("id"));

        File.Delete(path);
        var after = await FolderSongsAsync(server.Http, s => s.Count == 1);
        Assert.Equal("Two", after.Single().Str("title"));
        Assert.Equal("song_not_found", (await (await server.Http.GetAsync($"/api/songs/{before.Str("id")}")).Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    /// <summary>The folder's songs (ids "f…") once <paramref name="ready"/> holds; polls, since scans run in the background.</summary>
    public static async Task<IReadOnlyList<JsonElement>> FolderSongsAsync(HttpClient http, Func<IReadOnlyList<JsonElement>, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (;;)
        {
            var page = await http.GetFromJsonAsync<JsonElement>("/api/songs?limit=500");
            var songs = page.GetProperty("items").EnumerateArray().Where(s => s.Str("id").StartsWith('f')).ToList();
            if (ready(songs)) return songs;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The music folder's songs never became: " + string.Join(", ", songs.Select(s => s.Str("title"))));
            await Task.Delay(50);
        }
    }
}
