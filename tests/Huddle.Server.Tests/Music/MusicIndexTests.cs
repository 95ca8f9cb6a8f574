using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Music;
using Huddle.Server.Options;
using Huddle.Server.Tests.Infrastructure;
using static Huddle.Server.Tests.Music.MusicFiles;

namespace Huddle.Server.Tests.Music;

/// <summary>The index across restarts (a real process, killed and started again) and the choice of the default folder.</summary>
public sealed class MusicIndexTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-music-index-");
    private readonly List<ServerProcess> _servers = [];
    private Dictionary<string, string> _env = [];

    public async Task InitializeAsync() => _env = await ServerProcess.StorageEnvironmentAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Restart_KeepsSongIds_AndDoesNotReReadUnchangedFiles()
    {
        var music = Directory.CreateDirectory(Path.Combine(_dir.FullName, "music"));
        var file = Path.Combine(music.FullName, "Keep - Me.flac");
        await WriteAsync(file, new Tags("Alpha Song", "Keeper", "B", 2000, "Rock", 1));
        _env["Huddle__Music__Folder"] = music.FullName;
        _env["Huddle__Music__RescanDelay"] = "00:00:00.100";
        var port = ServerProcess.FreePort();

        var server = await StartAsync(port);
        var first = await ScannedSongAsync(server, "Alpha Song");
        await server.KillAsync();

        // Same size, same time, different tag bytes: only a re-read would notice.
        var modified = File.GetLastWriteTimeUtc(file);
        var bytes = await File.ReadAllBytesAsync(file);
        var at = bytes.AsSpan().IndexOf("TITLE=Alpha Song"u8);
        Assert.True(at > 0);
        "TITLE=Omega Song"u8.CopyTo(bytes.AsSpan(at));
        await File.WriteAllBytesAsync(file, bytes);
        File.SetLastWriteTimeUtc(file, modified);

        server = await StartAsync(port);
        var again = await ScannedSongAsync(server, "Alpha Song");
        Assert.Equal(first.Str("id"), again.Str("id"));

        // A new modification time is a change: the rescan reads the file.
        File.SetLastWriteTimeUtc(file, modified.AddMinutes(1));
        var reread = await ScannedSongAsync(server, "Omega Song");
        Assert.Equal(first.Str("id"), reread.Str("id"));
    }

    [Fact]
    public async Task DefaultFolder_IsTheUsersMusicFolder_ShownToHosts_AndCanBeTurnedOff()
    {
        var home = Directory.CreateDirectory(Path.Combine(_dir.FullName, "home"));
        var music = Directory.CreateDirectory(Path.Combine(home.FullName, "Music"));
        await WriteAsync(Path.Combine(music.FullName, "Home - Grown.wav"), null);
        _env["HOME"] = home.FullName;
        _env["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config");
        _env["XDG_MUSIC_DIR"] = "";
        _env["Huddle__Music__UseDefaultFolder"] = "true";

        var server = await StartAsync(ServerProcess.FreePort());
        var song = await ScannedSongAsync(server, "Grown");
        Assert.True(song.GetProperty("hasAudio").GetBoolean());
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var library = await http.GetFromJsonAsync<JsonElement>("/api/songs/library");
        Assert.Equal("~/Music", library.Str("folder"));
        Assert.Equal(1, library.GetProperty("songsWithAudio").GetInt32());
        await server.KillAsync();

        _env["Huddle__Music__UseDefaultFolder"] = "false";
        server = await StartAsync(ServerProcess.FreePort());
        using var off = new HttpClient { BaseAddress = server.BaseUri };
        var none = await off.GetFromJsonAsync<JsonElement>("/api/songs/library");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("folder").ValueKind);
        Assert.Equal(0, none.GetProperty("songsWithAudio").GetInt32());
    }

    [Fact]
    public void Locate_PrefersTheSetting_ThenXdgMusicDir_ThenUserDirs_ThenHomeMusic()
    {
        var home = Directory.CreateDirectory(Path.Combine(_dir.FullName, "home")).FullName;
        var env = new Dictionary<string, string?> { ["HOME"] = home };
        var defaults = new MusicOptions();
        MusicFolderChoice Locate(MusicOptions? o = null) => MusicFolderLocator.Locate(o ?? defaults, k => env.GetValueOrDefault(k));

        Assert.Null(Locate().Folder); // nothing exists yet

        var homeMusic = Directory.CreateDirectory(Path.Combine(home, "Music")).FullName;
        Assert.Equal((homeMusic, "~/Music"), (Locate().Folder, Locate().Origin));

        var tunes = Directory.CreateDirectory(Path.Combine(home, "Tunes")).FullName;
        Directory.CreateDirectory(Path.Combine(home, ".config"));
        File.WriteAllText(Path.Combine(home, ".config", "user-dirs.dirs"), "# written by xdg-user-dirs-update\nXDG_MUSIC_DIR=\"$HOME/Tunes\"\n");
        Assert.Equal((tunes, "user-dirs.dirs"), (Locate().Folder, Locate().Origin));

        var explicitDir = Directory.CreateDirectory(Path.Combine(_dir.FullName, "xdg-music")).FullName;
        env["XDG_MUSIC_DIR"] = explicitDir;
        Assert.Equal((explicitDir, "XDG_MUSIC_DIR"), (Locate().Folder, Locate().Origin));

        // "$HOME" itself means "no music folder" in user-dirs.dirs; a missing folder is skipped.
        env["XDG_MUSIC_DIR"] = "$HOME";
        File.WriteAllText(Path.Combine(home, ".config", "user-dirs.dirs"), "XDG_MUSIC_DIR=\"$HOME/Gone\"\n");
        Assert.Equal(homeMusic, Locate().Folder);

        var configured = Directory.CreateDirectory(Path.Combine(_dir.FullName, "configured")).FullName;
        var chosen = Locate(new MusicOptions { Folder = configured, UseDefaultFolder = false });
        Assert.Equal((configured, "configured"), (chosen.Folder, chosen.Origin));
        Assert.Equal(MusicFolderChoice.None, Locate(new MusicOptions { UseDefaultFolder = false }));
        Assert.Equal("~/Music", MusicFolderLocator.Display(homeMusic, home));
        Assert.Equal(configured, MusicFolderLocator.Display(configured, home));
    }

    private async Task<ServerProcess> StartAsync(int port)
    {
        var server = await ServerProcess.StartAsync(_dir.FullName, port, _env);
        _servers.Add(server);
        return server;
    }

    /// <summary>Polls until the folder's first scan ended and a song titled <paramref name="title"/> is listed.</summary>
    private static async Task<JsonElement> ScannedSongAsync(ServerProcess server, string title)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (;;)
        {
            var library = await http.GetFromJsonAsync<JsonElement>("/api/songs/library");
            if (library.GetProperty("scannedAt").ValueKind == JsonValueKind.Number)
            {
                var page = await http.GetFromJsonAsync<JsonElement>("/api/songs?limit=500");
                var songs = page.GetProperty("items").EnumerateArray().Where(s => s.Str("id").StartsWith('f')).ToList();
                if (songs.FirstOrDefault(s => s.Str("title") == title) is { ValueKind: JsonValueKind.Object } song) return song;
                if (DateTime.UtcNow > deadline) Assert.Fail($"No song '{title}' after the scan: {string.Join(", ", songs.Select(s => s.Str("title")))}");
            }
            else if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The music folder was never scanned.");
            }

            await Task.Delay(50);
        }
    }
}
