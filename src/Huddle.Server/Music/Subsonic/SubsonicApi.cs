using Huddle.Core;
using Huddle.Core.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Huddle.Server.Music.Subsonic;

/// <summary>
/// Audio and covers of Subsonic songs, on the same addresses as the music folder's
/// (<c>/api/songs/ss:…/audio</c>, <c>/cover</c>: the constrained routes win over SongsApi's), fetched
/// from the server with this server's credentials: the browser never sees them. And the source's
/// state for the host's screen.
/// </summary>
public static class SubsonicApi
{
    /// <summary>Only ids of this source (the regex escapes the colon, which route templates reserve).</summary>
    private const string IdRoute = @"{id:regex(^ss\x3A)}";

    private static readonly string[] PassedHeaders =
        [HeaderNames.ContentLength, HeaderNames.ContentRange, HeaderNames.AcceptRanges, HeaderNames.LastModified];

    public static IEndpointRouteBuilder MapSubsonic(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/songs").WithTags("Songs");
        group.MapGet($"/{IdRoute}/audio", Audio).Produces(200, (Type?)null, "audio/mpeg").Produces(206).Produces(416)
            .ProducesProblem(404).ProducesProblem(503);
        group.MapGet($"/{IdRoute}/cover", Cover).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/subsonic", (SubsonicSongSource source, Microsoft.Extensions.Options.IOptions<SubsonicOptions> options) =>
            TypedResults.Ok(options.Value.Enabled ? source.Status : new SubsonicStatus("off", null, null, 0, null)));
        return app;
    }

    /// <summary>Streams the song through from <c>stream</c>; a Range header goes to the server and its 206 comes back.</summary>
    private static async Task<EmptyHttpResult> Audio(string id, SongCatalog catalog, SubsonicClient client, HttpContext http)
    {
        var song = catalog.Get(id) ?? throw Errors.SongNotFound();
        using var upstream = await Call(() => client.StreamAsync(SubsonicSongSource.RemoteId(song.Id), http.Request.Headers.Range, http.RequestAborted), NoAudio);
        var response = http.Response;
        response.StatusCode = (int)upstream.StatusCode;
        response.ContentType = upstream.Content.Headers.ContentType?.MediaType is { } type && type.StartsWith("audio/", StringComparison.Ordinal)
            ? type
            : "application/octet-stream";
        foreach (var name in PassedHeaders)
        {
            if (upstream.Content.Headers.TryGetValues(name, out var values) || upstream.Headers.TryGetValues(name, out values))
                response.Headers[name] = values.ToArray();
        }

        if (!response.Headers.ContainsKey(HeaderNames.AcceptRanges)) response.Headers.AcceptRanges = "bytes";
        await using var body = await upstream.Content.ReadAsStreamAsync(http.RequestAborted);
        await body.CopyToAsync(response.Body, http.RequestAborted);
        return TypedResults.Empty;
    }

    /// <summary>Like the folder's covers: the ETag is the image's hash (If-None-Match gets a 304), cached for a day.</summary>
    private static async Task<FileContentHttpResult> Cover(string id, SongCatalog catalog, SubsonicSongSource source, HttpResponse response)
    {
        var song = catalog.Get(id) ?? throw Errors.SongNotFound();
        var cover = await Call(() => source.CoverAsync(song, response.HttpContext.RequestAborted), NoCover)
            ?? throw NoCover();
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(cover.Data))[..16];
        response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(cover.Data, cover.MediaType, entityTag: new EntityTagHeaderValue($"\"{tag}\""));
    }

    /// <summary>Server failures become coded answers; the details (and never the credentials) are in the log (<see cref="Log.SubsonicUnavailable"/>).</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call, Func<HuddleException> notFound)
    {
        try
        {
            return await call();
        }
        catch (SubsonicException e) when (e.Failure == SubsonicFailure.NotFound)
        {
            throw notFound();
        }
        catch (SubsonicException e)
        {
            throw new HuddleException(SubsonicSongSource.CodeOf(e.Failure), "The Subsonic server cannot serve this now; the host's screen shows why.", ErrorKind.Unavailable);
        }
    }

    private static HuddleException NoAudio() => new(ErrorCodes.NoAudio, "The Subsonic server no longer has this song.", ErrorKind.NotFound);

    private static HuddleException NoCover() => new(ErrorCodes.NoCover, "This song has no cover art on this server.", ErrorKind.NotFound);
}
