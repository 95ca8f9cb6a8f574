using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;
using Huddle.Server.Limits;
using Huddle.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Music;

/// <summary>
/// The server's playlists (docs/music.md "Playlists"): anyone may read and export them, like the
/// library; saving, importing, deleting and queueing take the host token of a jam
/// (<c>X-Participant-Token</c>), so only people running a jam on this server change them.
/// </summary>
public static class PlaylistsApi
{
    public static IEndpointRouteBuilder MapPlaylists(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/playlists").WithTags("Playlists");
        group.MapGet("/", List);
        group.MapGet("/{id}", Get).ProducesProblem(404);
        group.MapGet("/{id}.m3u8", Export).Produces(200, (Type?)null, "audio/x-mpegurl").ProducesProblem(404);
        group.MapPost("/", Import).Accepts<string>("audio/x-mpegurl", "application/vnd.apple.mpegurl", "text/plain")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapDelete("/{id}", Delete).ProducesProblem(403).ProducesProblem(404);

        var jam = app.MapGroup($"/api/sessions/{SessionsApi.CodeRoute}/playlists").WithTags("Playlists");
        jam.MapPost("/", Save).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        jam.MapPost("/{id}/queue", Queue).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<List<PlaylistSummaryDto>>> List(IPlaylistStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(p => new PlaylistSummaryDto(p.Id, p.Name, p.CreatedAt, p.SongCount, M3u8Url(p.Id))).ToList());

    private static async Task<Ok<PlaylistDto>> Get(string id, IPlaylistStore store, SongCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await Find(id, store, ct), catalog));

    private static async Task<IResult> Export(string id, IPlaylistStore store, SongCatalog catalog, MusicFolderSource folder, CancellationToken ct)
    {
        var playlist = await Find(id, store, ct);
        var resolver = new PlaylistResolver(catalog, folder.Choice.Folder);
        var text = M3u8.Write(playlist.Songs.Select(s => new M3u8.Song(s.DurationSeconds, s.Artist, s.Title, resolver.Location(s.CatalogId))));
        var file = System.Text.Encoding.UTF8.GetBytes(text);
        return TypedResults.File(file, "audio/x-mpegurl; charset=utf-8", $"{SafeFileName(playlist.Name)}.m3u8");
    }

    /// <summary>Imports an M3U8 body; <c>?session=</c> names the jam whose host token comes along, <c>?name=</c> the playlist.</summary>
    private static async Task<Created<ImportedPlaylistDto>> Import(
        string? session, string? name, HttpContext http, SessionService sessions, FailedAttemptLimiter failures, IPlaylistStore store,
        SongCatalog catalog, MusicFolderSource folder, HuddleLimits limits, TimeProvider time, CancellationToken ct)
    {
        await HostOf(session, http, sessions, failures, ct);
        var validName = ValidName(name, limits);
        var entries = M3u8.Parse(await ReadBodyAsync(http.Request, ct));
        var resolver = new PlaylistResolver(catalog, folder.Choice.Folder);
        var songs = new List<PlaylistSong>();
        var unmatched = new List<UnmatchedLineDto>();
        foreach (var entry in entries)
        {
            if (resolver.Resolve(entry) is { } song) songs.Add(new PlaylistSong(song.Id, song.Title, song.Artist, song.Genre, song.DurationSeconds));
            else unmatched.Add(new UnmatchedLineDto(entry.Line, entry.Location.Length <= 200 ? entry.Location : entry.Location[..200]));
        }

        if (songs.Count == 0) throw Errors.Invalid(ErrorCodes.PlaylistEmpty, $"No line of the file matched a song of this library ({unmatched.Count} unmatched).");
        var playlist = await SaveAsync(validName, songs, store, time, ct);
        return TypedResults.Created(PlaylistUrl(playlist.Id), new ImportedPlaylistDto(ToDto(playlist, catalog), unmatched));
    }

    private static async Task<NoContent> Delete(
        string id, string? session, HttpContext http, SessionService sessions, FailedAttemptLimiter failures, IPlaylistStore store, CancellationToken ct)
    {
        await HostOf(session, http, sessions, failures, ct);
        if (!ValidId(id) || !await store.DeleteAsync(id, ct)) throw NotFound();
        return TypedResults.NoContent();
    }

    private static async Task<Created<PlaylistDto>> Save(
        string code, SavePlaylistRequest request, HttpContext http, SessionService sessions, FailedAttemptLimiter failures, IPlaylistStore store,
        SongCatalog catalog, HuddleLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (sessionId, _) = await HostOf(code, http, sessions, failures, ct);
        var validName = ValidName(request.Name, limits);
        if (request.From is not ("queue" or "history")) throw Errors.InvalidInput("from must be queue or history.");
        var refs = await sessions.ReadAsync(sessionId, s => request.From == "queue"
            ? (s.NowPlaying is { } now ? [now.Item.Song] : Array.Empty<SongRef>()).Concat(s.Queue.Select(i => i.Song)).ToList()
            : s.History.Select(h => h.Item.Song).ToList(), ct);
        if (refs.Count == 0) throw Errors.Invalid(ErrorCodes.PlaylistEmpty, $"The jam's {request.From} has no songs.");
        var songs = refs.Take(PlaylistRules.MaxSongs).Select(r => new PlaylistSong(r.CatalogId, r.Title, r.Artist, r.Genre, r.DurationSeconds)).ToList();
        var playlist = await SaveAsync(validName, songs, store, time, ct);
        return TypedResults.Created(PlaylistUrl(playlist.Id), ToDto(playlist, catalog));
    }

    private static async Task<Ok<QueueReportDto>> Queue(
        string code, string id, HttpContext http, SessionService sessions, FailedAttemptLimiter failures, IPlaylistStore store,
        SongCatalog catalog, CancellationToken ct)
    {
        var (sessionId, hostId) = await HostOf(code, http, sessions, failures, ct);
        var playlist = await Find(id, store, ct);
        return TypedResults.Ok(await AddAllAsync(sessionId, hostId, playlist, sessions, catalog, ct));
    }

    /// <summary>
    /// Each song is its own add command, exactly as if the host tapped it: votes, per-person limits,
    /// cooldown and the queue lock apply, and a refusal of one song leaves the others added. Like a
    /// tap, it needs the host in the jam (connected): "start a jam from a playlist" is creating the
    /// jam, joining it, then this.
    /// </summary>
    private static async Task<QueueReportDto> AddAllAsync(
        Guid sessionId, string hostId, Playlist playlist, SessionService sessions, SongCatalog catalog, CancellationToken ct)
    {
        var added = 0;
        var refused = new List<RefusedSongDto>();
        foreach (var s in playlist.Songs)
        {
            try
            {
                var song = catalog.Get(s.CatalogId) ?? throw Errors.SongNotFound();
                var songRef = new SongRef(song.Id, song.Title, song.Artist, song.Genre, song.DurationSeconds);
                await sessions.MutateAsync(sessionId, (x, now) => x.AddToQueue(hostId, songRef, Secrets.NewId("q_"), now), ct);
                added++;
            }
            catch (HuddleException e)
            {
                refused.Add(new RefusedSongDto(s.CatalogId, s.Title, e.Code, e.Message));
            }
        }

        return new QueueReportDto(added, refused);
    }

    /// <summary>The jam and its host behind the request's token; an unknown code counts against the caller like any failed lookup.</summary>
    private static async Task<(Guid SessionId, string HostId)> HostOf(
        string? code, HttpContext http, SessionService sessions, FailedAttemptLimiter failures, CancellationToken ct)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        failures.EnsureAllowed(ip);
        var token = http.Request.Headers[SessionsApi.ParticipantTokenHeader].ToString();
        var hash = token.Length is > 0 and <= 200 ? Secrets.HashToken(token) : "";
        var found = string.IsNullOrEmpty(code) ? null : await sessions.ReadByCodeAsync(
            code, s => s.Kind == SessionKind.Jam ? new[] { (s.Id, Who: s.FindByTokenHash(hash)) } : [], ct);
        if (found is not [var (id, who)])
        {
            await failures.RecordFailureAsync(ip);
            throw Errors.SessionNotFound();
        }

        if (who is not { Role: Role.Host, Kicked: false }) throw Errors.NotAllowed($"Send the jam host's participant token in {SessionsApi.ParticipantTokenHeader}.");
        return (id, who.Id);
    }

    private static async Task<Playlist> SaveAsync(string name, List<PlaylistSong> songs, IPlaylistStore store, TimeProvider time, CancellationToken ct)
    {
        var playlist = new Playlist(Secrets.NewId("pl_"), name, time.GetUtcNow().ToUnixTimeMilliseconds(), songs);
        await store.SaveAsync(playlist, ct);
        return playlist;
    }

    /// <summary>At most <see cref="M3u8.MaxBytes"/> are read: a larger body is refused without reading the rest.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > M3u8.MaxBytes) throw Errors.Invalid(ErrorCodes.PlaylistTooLarge, $"A playlist file may have at most {M3u8.MaxBytes} bytes.");
        // A playlist may be larger than the server's JSON body limit (Huddle:Http:MaxRequestBodyBytes); this route counts itself.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = Math.Max(limit.MaxRequestBodySize ?? 0, M3u8.MaxBytes + 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > M3u8.MaxBytes) throw Errors.Invalid(ErrorCodes.PlaylistTooLarge, $"A playlist file may have at most {M3u8.MaxBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<Playlist> Find(string id, IPlaylistStore store, CancellationToken ct) =>
        (ValidId(id) ? await store.GetAsync(id, ct) : null) ?? throw NotFound();

    private static bool ValidId(string id) => id.Length is > 3 and <= 40 && id.StartsWith("pl_", StringComparison.Ordinal)
        && id.AsSpan(3).IndexOfAnyExcept(IdCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static string ValidName(string? name, HuddleLimits limits) =>
        Validate.Text(name, "name", ErrorCodes.InvalidPlaylistName, PlaylistRules.NameMaxLength, required: true, limits.Text)!;

    private static HuddleException NotFound() => new(ErrorCodes.PlaylistNotFound, "No playlist has this id.", ErrorKind.NotFound);

    private static PlaylistDto ToDto(Playlist p, SongCatalog catalog) => new(p.Id, p.Name, p.CreatedAt,
        p.Songs.Select(s => new PlaylistSongDto(s.CatalogId, s.Title, s.Artist, s.Genre, s.DurationSeconds, catalog.Get(s.CatalogId) is not null)).ToList(),
        M3u8Url(p.Id));

    private static string PlaylistUrl(string id) => $"/api/playlists/{id}";

    private static string M3u8Url(string id) => $"/api/playlists/{id}.m3u8";

    /// <summary>A download name: letters, digits, space, dash and underscore of the playlist's name.</summary>
    private static string SafeFileName(string name)
    {
        var safe = new string(name.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Trim();
        return safe.Length == 0 ? "playlist" : safe.Length <= 60 ? safe : safe[..60];
    }
}
