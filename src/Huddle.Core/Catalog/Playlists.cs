namespace Huddle.Core.Catalog;

/// <summary>
/// A saved, named list of songs: a copy of each song's id, title, artist, genre and duration (like
/// the queue keeps them), so a playlist stays readable when a song leaves the library.
/// </summary>
public sealed record Playlist(string Id, string Name, long CreatedAt, IReadOnlyList<PlaylistSong> Songs);

public sealed record PlaylistSong(string CatalogId, string Title, string Artist, string Genre, int DurationSeconds);

/// <summary>The server's playlists (SQLite or PostgreSQL, table <c>playlists</c>).</summary>
public interface IPlaylistStore
{
    Task<IReadOnlyList<PlaylistSummary>> ListAsync(CancellationToken ct);

    Task<Playlist?> GetAsync(string id, CancellationToken ct);

    Task SaveAsync(Playlist playlist, CancellationToken ct);

    /// <summary>False when there was no such playlist.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);
}

public sealed record PlaylistSummary(string Id, string Name, long CreatedAt, int SongCount);

public static class PlaylistRules
{
    public const int MaxSongs = 500;
    public const int NameMaxLength = 100;
}
