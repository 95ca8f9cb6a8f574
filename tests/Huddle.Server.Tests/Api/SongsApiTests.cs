using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api;

public sealed class SongsApiTests : IAsyncLifetime
{
    private readonly DirectoryInfo _music = Directory.CreateTempSubdirectory("huddle-music-");
    private HuddleServer _server = null!;

    public async Task InitializeAsync()
    {
        WriteWav(Path.Combine(_music.FullName, "Test Artist - Sine Song.wav"), seconds: 2);
        _server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Huddle:Music:Folder"] = _music.FullName });
        await Music.MusicFolderTests.FolderSongsAsync(_server.Http, songs => songs.Count == 1); // scanned in the background
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _music.Delete(recursive: true);
    }

    [Fact]
    public async Task Search_ByTextGenreAndArtist()
    {
        var byText = await _server.Http.GetFromJsonAsync<JsonElement>("/api/songs?q=bohemian");
        Assert.Equal("Bohemian Rhapsody", byText.GetProperty("items")[0].Str("title"));

        var byGenre = await _server.Http.GetFromJsonAsync<JsonElement>("/api/songs?genre=jazz&limit=100");
        Assert.True(byGenre.GetProperty("count").GetInt32() >= 12);
        Assert.All(byGenre.GetProperty("items").EnumerateArray(), s => Assert.Equal("Jazz", s.Str("genre")));

        var byArtist = await _server.Http.GetFromJsonAsync<JsonElement>("/api/songs?artist=queen");
        Assert.All(byArtist.GetProperty("items").EnumerateArray(), s => Assert.Equal("Queen", s.Str("artist")));

        var genres = await _server.Http.GetFromJsonAsync<string[]>("/api/songs/genres");
        Assert.Contains("Rock", genres!);
        Assert.Contains("Local", genres!);
    }

    [Fact]
    public async Task Search_RejectsBadLimits_AndUnknownIdsAre404()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.GetAsync("/api/songs?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.GetAsync("/api/songs?limit=abc")).StatusCode);
        var missing = await _server.Http.GetAsync("/api/songs/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("song_not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        var noAudio = await _server.Http.GetAsync("/api/songs/s0001/audio");
        Assert.Equal("no_audio", (await noAudio.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task MusicFolder_SongsAreInTheLibrary_AndStreamWithRanges()
    {
        var page = await _server.Http.GetFromJsonAsync<JsonElement>("/api/songs?q=sine");
        var song = page.GetProperty("items")[0];
        Assert.Equal("Test Artist", song.Str("artist"));
        Assert.Equal(2, song.GetProperty("durationSeconds").GetInt32());
        Assert.True(song.GetProperty("hasAudio").GetBoolean());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/songs/{song.Str("id")}/audio");
        request.Headers.Range = new RangeHeaderValue(0, 99);
        var partial = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("audio/wav", partial.Content.Headers.ContentType!.MediaType);
        Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("bytes", partial.Headers.AcceptRanges.Single());
    }

    private static void WriteWav(string path, int seconds)
    {
        const int rate = 8000;
        var samples = rate * seconds;
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + samples);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate);
        writer.Write((short)1);
        writer.Write((short)8);
        writer.Write("data"u8);
        writer.Write(samples);
        for (var i = 0; i < samples; i++) writer.Write((byte)(128 + 100 * Math.Sin(i * 0.1)));
    }
}
