namespace Huddle.Server.Music;

/// <summary>A playlist in the list; <c>M3u8Url</c> downloads it.</summary>
public sealed record PlaylistSummaryDto(string Id, string Name, long CreatedAt, int SongCount, string M3u8Url);

/// <summary><c>Available</c>: the song is in the library now (a song of a removed file is kept, but cannot be queued).</summary>
public sealed record PlaylistSongDto(string CatalogId, string Title, string Artist, string Genre, int DurationSeconds, bool Available);

public sealed record PlaylistDto(string Id, string Name, long CreatedAt, IReadOnlyList<PlaylistSongDto> Songs, string M3u8Url);

/// <summary>Save a jam's queue (now playing first, then the queue) or its history as a playlist.</summary>
public sealed record SavePlaylistRequest(string? Name, string? From);

/// <summary>An imported file: the playlist, and the lines that matched no song (1-based line numbers).</summary>
public sealed record ImportedPlaylistDto(PlaylistDto Playlist, IReadOnlyList<UnmatchedLineDto> Unmatched);

public sealed record UnmatchedLineDto(int Line, string Text);

/// <summary>Adding a playlist to a queue: each song went through the normal add command; <c>Refused</c> says why not.</summary>
public sealed record QueueReportDto(int Added, IReadOnlyList<RefusedSongDto> Refused);

public sealed record RefusedSongDto(string CatalogId, string Title, string Code, string Message);
