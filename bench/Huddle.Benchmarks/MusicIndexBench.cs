using System.Buffers.Binary;
using System.Diagnostics;
using Huddle.Server.Music;
using Huddle.Server.Options;
using Huddle.Storage.Music;
using Huddle.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huddle.Benchmarks;

/// <summary>
/// `--music-index N`: the music folder's indexing speed on N tagged files (default 10,000): a cold
/// scan that reads every file's tags into an empty SQLite index, then a restart's scan that finds
/// every file unchanged. Files are copies of one small WAV, each retagged by TagLib# itself.
/// </summary>
public static class MusicIndexBench
{
    public static async Task RunAsync(int files)
    {
        var dir = Directory.CreateTempSubdirectory("huddle-music-bench-");
        try
        {
            var music = Directory.CreateDirectory(Path.Combine(dir.FullName, "music")).FullName;
            var made = Stopwatch.StartNew();
            var seed = Path.Combine(dir.FullName, "seed.wav");
            WriteWav(seed);
            for (var i = 0; i < files; i++)
            {
                var album = Directory.CreateDirectory(Path.Combine(music, $"Album {i / 12:D4}")).FullName;
                var path = Path.Combine(album, $"{i % 12 + 1:D2} Song {i}.wav");
                File.Copy(seed, path);
                using var file = TagLib.File.Create(path);
                file.Tag.Title = $"Song {i}";
                file.Tag.Performers = [$"Artist {i % 500}"];
                file.Tag.Album = $"Album {i / 12}";
                file.Tag.Genres = [i % 2 == 0 ? "Rock" : "Jazz"];
                file.Tag.Year = (uint)(1960 + i % 60);
                file.Tag.Track = (uint)(i % 12 + 1);
                file.Save();
            }

            Console.WriteLine($"generated {files} tagged files in {made.Elapsed.TotalSeconds:F1} s");

            var db = $"Data Source={Path.Combine(dir.FullName, "huddle.db")}";
            using (var store = new SqliteSessionStore(db)) await store.MigrateAsync(CancellationToken.None);
            await ScanAsync("cold scan (every file read)", music, db, files);
            await ScanAsync("restart (nothing changed)", music, db, files);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task ScanAsync(string label, string music, string db, int files)
    {
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var options = new MusicOptions { Folder = music, RescanInterval = TimeSpan.FromHours(1) };
        using var source = new MusicFolderSource(
            new MusicFolderChoice(music, "configured"), SqlMusicIndex.Sqlite(db), options, TimeProvider.System, NullLogger<MusicFolderSource>.Instance);
        var clock = Stopwatch.StartNew();
        await source.StartAsync(CancellationToken.None);
        var loaded = clock.Elapsed;
        while (source.ScannedAt is null) await Task.Delay(10);
        var scanned = clock.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: false);
        await source.StopAsync(CancellationToken.None);
        Console.WriteLine(
            $"{label}: {source.Songs.Count} songs; index loaded in {loaded.TotalMilliseconds:F0} ms, scan done in {scanned.TotalSeconds:F2} s " +
            $"= {files / scanned.TotalSeconds:F0} files/s; allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0:F0} MB, " +
            $"heap +{(heapAfter - heapBefore) / 1048576.0:F1} MB, working set {Environment.WorkingSet / 1048576.0:F0} MB");
    }

    /// <summary>0.1 s of 8 kHz 8-bit mono silence (0x80): the smallest file every reader accepts.</summary>
    private static void WriteWav(string path)
    {
        const int rate = 8000, samples = 800;
        var wav = new byte[44 + samples];
        Array.Fill(wav, (byte)0x80, 44, samples);
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + samples);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16); // PCM format chunk
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), rate); // bytes per second
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 1); // block align
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 8); // bits per sample
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), samples);
        File.WriteAllBytes(path, wav);
    }
}
