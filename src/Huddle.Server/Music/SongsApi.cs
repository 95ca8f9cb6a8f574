using Huddle.Core;
using Huddle.Core.Catalog;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Huddle.Server.Music;

public static class SongsApi
{
    public static IEndpointRouteBuilder MapSongs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/songs").WithTags("Songs");
        group.MapGet("/", Search).ProducesProblem(400);
        group.MapGet("/genres", (SongCatalog catalog) => TypedResults.Ok(catalog.Genres));
        group.MapGet("/library", Library);
        group.MapGet("/{id}", Get).ProducesProblem(404);
        group.MapGet("/{id}/audio", Audio).Produces(200, (Type?)null, "audio/mpeg", [.. MusicTags.ContentTypes.Values.Distinct()])
            .Produces(206).Produces(416).ProducesProblem(404);
        group.MapGet("/{id}/cover", Cover).ProducesProblem(404);
        return app;
    }

    private static Ok<SongPageDto> Search(SongCatalog catalog, string? q, string? genre, string? artist, int? limit)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500) throw Errors.InvalidInput("limit must be between 1 and 500.");
        if (q?.Length > 100 || genre?.Length > 50 || artist?.Length > 100)
            throw Errors.InvalidInput("Search text is too long.");
        var songs = catalog.Search(q, genre, artist, take).Select(Map.ToDto).ToList();
        return TypedResults.Ok(new SongPageDto(songs, songs.Count));
    }

    private static Ok<SongDto> Get(string id, SongCatalog catalog) =>
        TypedResults.Ok((catalog.Get(id) ?? throw Errors.SongNotFound()).ToDto());

    /// <summary>Streams a music-folder file with HTTP range support, so players can seek.</summary>
    private static PhysicalFileHttpResult Audio(string id, SongCatalog catalog)
    {
        var song = catalog.Get(id) ?? throw Errors.SongNotFound();
        if (song.AudioPath is null || !File.Exists(song.AudioPath))
            throw new HuddleException(ErrorCodes.NoAudio, "This song has no audio on this server.", ErrorKind.NotFound);
        var type = MusicTags.ContentTypes.GetValueOrDefault(Path.GetExtension(song.AudioPath), "application/octet-stream");
        return TypedResults.PhysicalFile(song.AudioPath, type, enableRangeProcessing: true);
    }

    /// <summary>
    /// The song's embedded cover art. Its ETag is the image's hash, so a browser revalidates with a
    /// 304; the song's <c>coverUrl</c> carries the same version, so a changed cover is a new address.
    /// </summary>
    private static FileContentHttpResult Cover(string id, SongCatalog catalog, HttpResponse response)
    {
        var song = catalog.Get(id) ?? throw Errors.SongNotFound();
        var cover = catalog.ReadCover(song.Id)
            ?? throw new HuddleException(ErrorCodes.NoCover, "This song has no cover art on this server.", ErrorKind.NotFound);
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(cover.Data))[..16];
        response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(cover.Data, cover.MediaType, entityTag: new EntityTagHeaderValue($"\"{tag}\""));
    }

    /// <summary>Which music folder the library plays from (shown to hosts, with a hint when there is none).</summary>
    private static Ok<MusicLibraryDto> Library(SongCatalog catalog, MusicFolderSource folder)
    {
        var withAudio = catalog.Songs.Count(s => s.HasAudio);
        var shown = folder.Choice.Folder is { } path ? MusicFolderLocator.Display(path, Environment.GetEnvironmentVariable("HOME")) : null;
        return TypedResults.Ok(new MusicLibraryDto(shown, folder.Choice.Origin, withAudio, catalog.Songs.Count - withAudio, folder.ScannedAt?.ToUnixTimeMilliseconds()));
    }
}
