using System.Data.Common;
using Dapper;
using Huddle.Core.Catalog;
using Npgsql;

namespace Huddle.Storage.Music;

/// <summary>Playlists in <c>playlists</c> + <c>playlist_songs</c>; the same SQL on SQLite and PostgreSQL.</summary>
public sealed class SqlPlaylistStore(Func<CancellationToken, Task<DbConnection>> open) : IPlaylistStore
{
    public static SqlPlaylistStore Sqlite(string connectionString) => new(SqlConnections.Sqlite(connectionString));

    public static SqlPlaylistStore Postgres(NpgsqlDataSource dataSource) => new(SqlConnections.Postgres(dataSource));

    public async Task<IReadOnlyList<PlaylistSummary>> ListAsync(CancellationToken ct)
    {
        await using var c = await open(ct);
        var rows = await c.QueryAsync<Summary>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, created_at AS CreatedAt, song_count AS SongCount FROM playlists ORDER BY created_at DESC, id",
            cancellationToken: ct));
        return rows.Select(r => new PlaylistSummary(r.Id, r.Name, r.CreatedAt, (int)r.SongCount)).ToList();
    }

    public async Task<Playlist?> GetAsync(string id, CancellationToken ct)
    {
        await using var c = await open(ct);
        var head = await c.QuerySingleOrDefaultAsync<Summary>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, created_at AS CreatedAt, song_count AS SongCount FROM playlists WHERE id = @id", new { id }, cancellationToken: ct));
        if (head is null) return null;
        var songs = await c.QueryAsync<SongRow>(new CommandDefinition("""
            SELECT catalog_id AS CatalogId, title AS Title, artist AS Artist, genre AS Genre, duration_s AS DurationSeconds
            FROM playlist_songs WHERE playlist_id = @id ORDER BY position
            """, new { id }, cancellationToken: ct));
        return new Playlist(head.Id, head.Name, head.CreatedAt,
            songs.Select(s => new PlaylistSong(s.CatalogId, s.Title, s.Artist, s.Genre, (int)s.DurationSeconds)).ToList());
    }

    public async Task SaveAsync(Playlist playlist, CancellationToken ct)
    {
        await using var c = await open(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO playlists (id, name, created_at, song_count) VALUES (@Id, @Name, @CreatedAt, @Count)",
            new { playlist.Id, playlist.Name, playlist.CreatedAt, playlist.Songs.Count }, tx, cancellationToken: ct));
        var position = 0;
        foreach (var s in playlist.Songs)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO playlist_songs (playlist_id, position, catalog_id, title, artist, genre, duration_s)
                VALUES (@Id, @position, @CatalogId, @Title, @Artist, @Genre, @DurationSeconds)
                """, new { playlist.Id, position = position++, s.CatalogId, s.Title, s.Artist, s.Genre, s.DurationSeconds }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        await using var c = await open(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM playlist_songs WHERE playlist_id = @id", new { id }, tx, cancellationToken: ct));
        var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM playlists WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted > 0;
    }

    /// <summary>What the providers return: SQLite gives every integer as a long.</summary>
    private sealed class Summary
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public long CreatedAt { get; init; }
        public long SongCount { get; init; }
    }

    private sealed class SongRow
    {
        public string CatalogId { get; init; } = "";
        public string Title { get; init; } = "";
        public string Artist { get; init; } = "";
        public string Genre { get; init; } = "";
        public long DurationSeconds { get; init; }
    }
}
