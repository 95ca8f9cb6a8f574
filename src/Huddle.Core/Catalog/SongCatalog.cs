using System.Reflection;
using System.Text.Json;

namespace Huddle.Core.Catalog;

/// <summary>A song the jam can queue. <c>AudioPath</c> is set only for songs from the music folder.</summary>
public sealed record Song(
    string Id,
    string Title,
    string Artist,
    string Album,
    int Year,
    string Genre,
    int DurationSeconds,
    string? AudioPath = null)
{
    public bool HasAudio => AudioPath is not null;
}

/// <summary>The jam library: the embedded default songs plus any from the music folder.</summary>
public sealed class SongCatalog
{
    private readonly Dictionary<string, Song> _byId;

    public SongCatalog(IEnumerable<Song> songs)
    {
        Songs = songs.ToList();
        _byId = Songs.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        Genres = Songs.Select(s => s.Genre).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<Song> Songs { get; }

    public IReadOnlyList<string> Genres { get; }

    public Song? Get(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Case-insensitive text search over title, artist and album; exact genre/artist filters.</summary>
    public IReadOnlyList<Song> Search(string? text, string? genre, string? artist, int limit)
    {
        IEnumerable<Song> query = Songs;
        if (!string.IsNullOrWhiteSpace(genre))
            query = query.Where(s => s.Genre.Equals(genre.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(artist))
            query = query.Where(s => s.Artist.Equals(artist.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(text))
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            query = query.Where(s => words.All(w =>
                s.Title.Contains(w, StringComparison.OrdinalIgnoreCase)
                || s.Artist.Contains(w, StringComparison.OrdinalIgnoreCase)
                || s.Album.Contains(w, StringComparison.OrdinalIgnoreCase)));
        }

        return query.Take(limit).ToList();
    }

    /// <summary>The library shipped inside this assembly (Catalog/songs.json).</summary>
    public static IReadOnlyList<Song> LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Huddle.Core.Catalog.songs.json")
            ?? throw new InvalidOperationException("The embedded song library is missing.");
        return JsonSerializer.Deserialize<List<Song>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The embedded song library is empty.");
    }
}
