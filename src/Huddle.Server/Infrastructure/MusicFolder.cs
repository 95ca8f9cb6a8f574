using System.Security.Cryptography;
using System.Text;
using Huddle.Core.Catalog;

namespace Huddle.Server.Infrastructure;

/// <summary>
/// Scans the optional music folder. Files are named "Artist - Title.ext"; without that shape the
/// file name is the title. There is no tag reader in this build, so durations are known only for
/// WAV (from its header); other files get duration 0 ("unknown") and autoPlay does not advance them by time.
/// </summary>
public static class MusicFolder
{
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".flac"] = "audio/flac",
        [".wav"] = "audio/wav",
        [".m4a"] = "audio/mp4",
    };

    public static IReadOnlyList<Song> Scan(string folder)
    {
        var root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => ContentTypes.ContainsKey(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .Select(f => ToSong(root, f))
            .ToList();
    }

    private static Song ToSong(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        var id = "f" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relative)))[..10];
        var name = Path.GetFileNameWithoutExtension(file);
        var parts = name.Split(" - ", 2, StringSplitOptions.TrimEntries);
        var (artist, title) = parts.Length == 2 ? (parts[0], parts[1]) : ("Unknown artist", name);
        var album = Path.GetDirectoryName(relative) is { Length: > 0 } dir ? dir : "Music folder";
        return new Song(id, Clip(title), Clip(artist), Clip(album), 0, "Local", WavSeconds(file), file);
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80];

    /// <summary>Duration from a canonical RIFF/WAVE header: data bytes / byte rate.</summary>
    private static int WavSeconds(string file)
    {
        if (!file.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) return 0;
        try
        {
            using var stream = File.OpenRead(file);
            using var reader = new BinaryReader(stream);
            if (new string(reader.ReadChars(4)) != "RIFF") return 0;
            reader.ReadInt32();
            if (new string(reader.ReadChars(4)) != "WAVE") return 0;
            var byteRate = 0;
            while (stream.Position + 8 <= stream.Length)
            {
                var chunk = new string(reader.ReadChars(4));
                var size = reader.ReadInt32();
                if (chunk == "fmt ")
                {
                    reader.ReadBytes(8);
                    byteRate = reader.ReadInt32();
                    reader.ReadBytes(size - 12);
                }
                else if (chunk == "data")
                {
                    return byteRate > 0 ? (int)Math.Round((double)size / byteRate) : 0;
                }
                else
                {
                    stream.Seek(size, SeekOrigin.Current);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
