using System.Reflection;
using System.Text.Json;

namespace Huddle.Core.Catalog;

/// <summary>
/// A song the jam can queue. <c>AudioPath</c> is set only for songs with a playable file (the music
/// folder); <c>CoverTag</c> names the version of its embedded cover art (the cover's ETag), null when
/// it has none. <c>Track</c> is the album track number, 0 when unknown.
/// </summary>
public sealed record Song(
    string Id,
    string Title,
    string Artist,
    string Album,
    int Year,
    string Genre,
    int DurationSeconds,
    string? AudioPath = null,
    int Track = 0,
    string? CoverTag = null)
{
    public bool HasAudio => AudioPath is not null;

    public bool HasCover => CoverTag is not null;
}

/// <summary>
/// The jam library: the songs of every source (the embedded library, the music folder…), merged
/// into one immutable snapshot that is rebuilt whenever a source changes, so readers never lock.
/// When two sources give the same id, the earlier source wins.
/// </summary>
public sealed class SongCatalog
{
    private readonly IReadOnlyList<ISongSource> _sources;
    private readonly IReadOnlyList<ISongLookup> _lookups;
    private readonly Lock _rebuild = new();
    private volatile Snapshot _snapshot;

    public SongCatalog(IEnumerable<Song> songs)
        : this([new FixedSongSource(songs)])
    {
    }

    public SongCatalog(IEnumerable<ISongSource> sources, IEnumerable<ISongLookup>? lookups = null)
    {
        _sources = sources.ToList();
        _lookups = lookups?.ToList() ?? [];
        _snapshot = Build();
        foreach (var source in _sources) source.Changed += Rebuild;
    }

    /// <summary>Raised after the merged library changed.</summary>
    public event Action? Changed;

    public IReadOnlyList<Song> Songs => _snapshot.Songs;

    public IReadOnlyList<string> Genres => _snapshot.Genres;

    /// <summary>A listed song, else one a lookup knows (a streaming track), else null.</summary>
    public Song? Get(string id)
    {
        if (_snapshot.ById.GetValueOrDefault(id) is { } entry) return entry.Song;
        foreach (var lookup in _lookups)
        {
            if (lookup.Find(id) is { } song) return song;
        }

        return null;
    }

    /// <summary>The song's embedded cover art from its source, or null.</summary>
    public SongCover? ReadCover(string id) =>
        _snapshot.ById.GetValueOrDefault(id) is { Song.HasCover: true } entry ? entry.Source.ReadCover(entry.Song) : null;

    /// <summary>Case-insensitive text search over title, artist and album; exact genre/artist filters.</summary>
    public IReadOnlyList<Song> Search(string? text, string? genre, string? artist, int limit)
    {
        IEnumerable<Song> query = _snapshot.Songs;
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

    private void Rebuild()
    {
        lock (_rebuild) _snapshot = Build();
        Changed?.Invoke();
    }

    private Snapshot Build()
    {
        var byId = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        var songs = new List<Song>();
        foreach (var source in _sources)
        {
            foreach (var song in source.Songs)
            {
                if (byId.TryAdd(song.Id, new Entry(song, source))) songs.Add(song);
            }
        }

        var genres = songs.Select(s => s.Genre).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return new Snapshot(songs, byId, genres);
    }

    private sealed record Entry(Song Song, ISongSource Source);

    private sealed record Snapshot(
        IReadOnlyList<Song> Songs, IReadOnlyDictionary<string, Entry> ById, IReadOnlyList<string> Genres);
}
