using System.Data.Common;
using Dapper;
using Huddle.Core.Catalog;
using Npgsql;

namespace Huddle.Storage.Music;

/// <summary>
/// The music index in the <c>music_files</c> table; the SQL (an upsert on the primary key) is the
/// same on SQLite and PostgreSQL, only opening a connection differs.
/// </summary>
public sealed class SqlMusicIndex(Func<CancellationToken, Task<DbConnection>> open) : IMusicIndex
{
    // Not pooled on SQLite: the index is used at start and per rescan only (SqlConnections).
    public static SqlMusicIndex Sqlite(string connectionString) => new(SqlConnections.Sqlite(connectionString));

    public static SqlMusicIndex Postgres(NpgsqlDataSource dataSource) => new(SqlConnections.Postgres(dataSource));

    public async Task<IReadOnlyList<MusicFileRow>> LoadAsync(string root, CancellationToken ct)
    {
        await using var c = await open(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition("""
            SELECT path AS Path, size AS Size, modified_at AS ModifiedAt, title AS Title, artist AS Artist, album AS Album,
                   year AS Year, genre AS Genre, duration_s AS DurationSeconds, track AS Track, cover_tag AS CoverTag
            FROM music_files WHERE root = @root
            """, new { root }, cancellationToken: ct));
        return rows.Select(r => new MusicFileRow(
            r.Path, r.Size, r.ModifiedAt, r.Title, r.Artist, r.Album, (int)r.Year, r.Genre, (int)r.DurationSeconds, (int)r.Track, r.CoverTag)).ToList();
    }

    public async Task SaveAsync(string root, IReadOnlyList<MusicFileRow> changed, IReadOnlyList<string> removed, CancellationToken ct)
    {
        if (changed.Count == 0 && removed.Count == 0) return;
        await using var c = await open(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var path in removed)
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM music_files WHERE root = @root AND path = @path", new { root, path }, tx, cancellationToken: ct));
        foreach (var f in changed)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO music_files (root, path, size, modified_at, title, artist, album, year, genre, duration_s, track, cover_tag)
                VALUES (@root, @Path, @Size, @ModifiedAt, @Title, @Artist, @Album, @Year, @Genre, @DurationSeconds, @Track, @CoverTag)
                ON CONFLICT (root, path) DO UPDATE SET
                    size = excluded.size, modified_at = excluded.modified_at, title = excluded.title, artist = excluded.artist,
                    album = excluded.album, year = excluded.year, genre = excluded.genre, duration_s = excluded.duration_s,
                    track = excluded.track, cover_tag = excluded.cover_tag
                """, new { root, f.Path, f.Size, f.ModifiedAt, f.Title, f.Artist, f.Album, f.Year, f.Genre, f.DurationSeconds, f.Track, f.CoverTag },
                tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>What the providers return: SQLite gives every integer as a long.</summary>
    private sealed class Row
    {
        public string Path { get; init; } = "";
        public long Size { get; init; }
        public long ModifiedAt { get; init; }
        public string Title { get; init; } = "";
        public string Artist { get; init; } = "";
        public string Album { get; init; } = "";
        public long Year { get; init; }
        public string Genre { get; init; } = "";
        public long DurationSeconds { get; init; }
        public long Track { get; init; }
        public string? CoverTag { get; init; }
    }
}
