using System.Security.Cryptography;
using System.Text;
using Huddle.Core.Catalog;

namespace Huddle.Server.Music;

/// <summary>
/// Reads a music file's tags with TagLib# (MP3, FLAC, Ogg Vorbis/Opus, M4A/AAC, WAV). Tags that are
/// missing fall back to the file name ("Artist - Title.ext") and the folder (album). Every text is
/// cleaned of control characters and clipped: tags are input from whoever made the file.
/// </summary>
public static class MusicTags
{
    public const int MaxText = 200;

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".oga"] = "audio/ogg",
        [".opus"] = "audio/ogg",
        [".flac"] = "audio/flac",
        [".wav"] = "audio/wav",
        [".m4a"] = "audio/mp4",
    };

    /// <summary>The id of the file at this path in the folder: the same path keeps its id across restarts and rescans.</summary>
    public static string SongId(string relativePath) =>
        "f" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relativePath)))[..10];

    /// <summary>
    /// The index row of a file from its tags, or from its name when the tags cannot be read
    /// (<paramref name="failure"/> then says why). Throws only when the file cannot be opened at all
    /// (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>).
    /// </summary>
    public static MusicFileRow Read(FileInfo file, string relativePath, int maxCoverBytes, out string? failure)
    {
        failure = null;
        // Opening first tells "cannot read this file" (thrown: the caller skips it) from "cannot parse it" (named by its file name).
        using (file.OpenRead())
        {
        }

        TagLib.File? tagged = null;
        try
        {
            tagged = TagLib.File.Create(file.FullName, TagLib.ReadStyle.Average);
        }
        catch (Exception e)
        {
            // TagLib# parses whatever a file claims: a truncated or forged file can surface as almost any
            // exception type. The file was readable, so it stays in the library under its file name.
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        using (tagged)
        {
            var (fileArtist, fileTitle) = FromFileName(file.Name);
            var tag = tagged?.Tag;
            var folder = Path.GetDirectoryName(relativePath);
            var cover = tagged is null ? null : Cover(tagged, maxCoverBytes);
            return new MusicFileRow(
                relativePath,
                file.Length,
                new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
                Text(tag?.Title) ?? fileTitle,
                Text(tag?.JoinedPerformers) ?? Text(tag?.JoinedAlbumArtists) ?? fileArtist ?? "Unknown artist",
                Text(tag?.Album) ?? (string.IsNullOrEmpty(folder) ? "Music folder" : Clip(folder)),
                tag?.Year is > 0 and < 10000 ? (int)tag.Year : 0,
                Text(tag?.FirstGenre) ?? "Local",
                tagged is null ? 0 : (int)Math.Min(Math.Round(tagged.Properties.Duration.TotalSeconds), 24 * 3600),
                tag?.Track is > 0 and < 10000 ? (int)tag.Track : 0,
                cover is null ? null : Convert.ToHexStringLower(SHA256.HashData(cover.Data))[..16]);
        }
    }

    /// <summary>The file's front cover (else its first picture), or null when it has none within the size limit.</summary>
    public static SongCover? ReadCover(string path, int maxCoverBytes)
    {
        try
        {
            using var tagged = TagLib.File.Create(path, TagLib.ReadStyle.None);
            return Cover(tagged, maxCoverBytes);
        }
        catch (Exception)
        {
            return null; // gone, changed or broken since it was indexed: the next rescan corrects the index
        }
    }

    /// <summary>"Artist - Title" from a file name; a name without " - " is the title alone.</summary>
    public static (string? Artist, string Title) FromFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        var parts = name.Split(" - ", 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && Text(parts[0]) is { } artist && Text(parts[1]) is { } title
            ? (artist, title)
            : (null, Text(name) ?? "Untitled");
    }

    private static SongCover? Cover(TagLib.File file, int maxCoverBytes)
    {
        var pictures = file.Tag.Pictures ?? [];
        var picture = pictures.FirstOrDefault(p => p.Type == TagLib.PictureType.FrontCover) ?? pictures.FirstOrDefault();
        if (picture?.Data is not { Count: > 0 } data || data.Count > maxCoverBytes) return null;
        var type = picture.MimeType is "image/jpeg" or "image/png" or "image/gif" or "image/webp" ? picture.MimeType : Sniff(data.Data);
        return type is null ? null : new SongCover(data.Data, type);
    }

    /// <summary>Only real images are served as covers, by their magic bytes when the tag's type is missing or odd.</summary>
    private static string? Sniff(byte[] data) => data switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0x47, 0x49, 0x46, ..] => "image/gif",
        _ => null,
    };

    /// <summary>The text without control characters, trimmed and clipped; null when nothing is left.</summary>
    internal static string? Text(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var clean = new StringBuilder(Math.Min(value.Length, MaxText));
        foreach (var c in value)
        {
            if (clean.Length >= MaxText) break;
            if (!char.IsControl(c) && c is not ('\uFFFD' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E'))
                clean.Append(c);
        }

        var text = clean.ToString().Trim();
        return text.Length == 0 ? null : Clip(text);
    }

    private static string Clip(string s) => s.Length <= MaxText ? s : s[..MaxText];
}
