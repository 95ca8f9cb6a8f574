using Huddle.Core.Catalog;

namespace Huddle.Server.Music;

/// <summary>
/// Where a playlist line points. Exported: a music-folder song by its path in the folder (what other
/// players on the same files understand), any other song as <c>huddle:&lt;id&gt;</c>. Imported: that
/// location first, then the #EXTINF "artist - title", then a file name "Artist - Title.ext".
/// </summary>
public sealed class PlaylistResolver(SongCatalog catalog, string? folder)
{
    public const string IdScheme = "huddle:";

    private readonly Dictionary<string, Song> _byPath = folder is { } root
        ? catalog.Songs.Where(s => InFolder(s, root)).ToDictionary(s => Relative(s, root), StringComparer.Ordinal)
        : [];

    public string Location(string catalogId) =>
        folder is not null && catalog.Get(catalogId) is { } song && InFolder(song, folder) ? Relative(song, folder) : IdScheme + catalogId;

    public Song? Resolve(M3u8.Entry entry)
    {
        var location = entry.Location;
        if (location.StartsWith(IdScheme, StringComparison.OrdinalIgnoreCase)) return catalog.Get(location[IdScheme.Length..]);
        var path = location.Replace('\\', '/');
        if (folder is not null && Path.IsPathFullyQualified(path) && IsUnder(path, folder)) path = Path.GetRelativePath(folder, path).Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        if (_byPath.TryGetValue(path, out var byPath)) return byPath;

        var (artist, title) = entry.Title is { } t ? (entry.Artist, t) : MusicTags.FromFileName(path.Split('/')[^1]);
        return artist is null ? null : catalog.Songs.FirstOrDefault(s =>
            s.Artist.Equals(artist, StringComparison.OrdinalIgnoreCase) && s.Title.Equals(title, StringComparison.OrdinalIgnoreCase));
    }

    private static bool InFolder(Song song, string folder) =>
        song.AudioPath is { } path && Path.IsPathFullyQualified(path) && IsUnder(path, folder);

    private static bool IsUnder(string path, string folder) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + "/", StringComparison.Ordinal);

    private static string Relative(Song song, string folder) => Path.GetRelativePath(folder, song.AudioPath!).Replace('\\', '/');
}
