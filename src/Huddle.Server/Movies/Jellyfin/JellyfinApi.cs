using System.Text;
using Huddle.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Huddle.Server.Movies.Jellyfin;

/// <summary>
/// Jellyfin films over HTTP, proxied: Huddle fetches the video and the subtitles with its own key and
/// passes them on, so the browser sees neither the Jellyfin address nor the key. Only ids the listing
/// returned are served; only the Range header goes up, only length, range and date headers come back.
/// </summary>
public static class JellyfinApi
{
    private static readonly string[] PassedHeaders =
        [HeaderNames.ContentLength, HeaderNames.ContentRange, HeaderNames.AcceptRanges, HeaderNames.LastModified];

    public static IEndpointRouteBuilder MapJellyfinFilms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/films/jellyfin").WithTags("Films");
        group.MapGet("/{id}/video", Video).Produces(200, (Type?)null, "video/mp4", "video/webm", "video/x-matroska")
            .Produces(206).Produces(416).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/{id}/subtitles/{subtitleId}", Subtitles).Produces(200, (Type?)null, "text/vtt").ProducesProblem(404).ProducesProblem(503);
        return app;
    }

    public static string VideoUrl(JellyfinFilm film) => $"/api/films/jellyfin/{film.Id}/video";

    public static string SubtitleUrl(JellyfinFilm film, JellyfinSubtitle subtitle) => $"/api/films/jellyfin/{film.Id}/subtitles/{subtitle.Id}";

    private static async Task<EmptyHttpResult> Video(string id, JellyfinLibrary library, JellyfinClient client, HttpContext http)
    {
        var film = await library.RequireAsync(id, http.RequestAborted);
        using var upstream = await Call(() => client.StreamAsync(film.ItemId, film.MediaSourceId, SingleRange(http.Request), http.RequestAborted));
        var response = http.Response;
        response.StatusCode = (int)upstream.StatusCode;
        response.ContentType = film.ContentType;
        foreach (var name in PassedHeaders)
        {
            if (upstream.Content.Headers.TryGetValues(name, out var values) || upstream.Headers.TryGetValues(name, out values))
                response.Headers[name] = values.ToArray();
        }

        if (!response.Headers.ContainsKey(HeaderNames.AcceptRanges)) response.Headers.AcceptRanges = "bytes";
        try
        {
            await using var body = await upstream.Content.ReadAsStreamAsync(http.RequestAborted);
            await body.CopyToAsync(response.Body, http.RequestAborted);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !http.RequestAborted.IsCancellationRequested)
        {
            // Jellyfin broke off mid-film: the headers are sent, so the honest answer is a cut connection (the player retries with a Range).
            http.Abort();
        }

        return TypedResults.Empty;
    }

    private static async Task<ContentHttpResult> Subtitles(string id, string subtitleId, JellyfinLibrary library, JellyfinClient client, CancellationToken ct)
    {
        var film = await library.RequireAsync(id, ct);
        var subtitle = film.Subtitles.FirstOrDefault(s => s.Id == subtitleId)
            ?? throw new HuddleException(ErrorCodes.FilmNotFound, "This film has no such subtitles.", ErrorKind.NotFound);
        var vtt = await Call(() => client.SubtitleAsync(film.ItemId, film.MediaSourceId, subtitle.Index, ct));
        return TypedResults.Text(vtt, "text/vtt", Encoding.UTF8);
    }

    /// <summary>One byte range, as the browser's player asks; anything else (several ranges, other units, garbage) gets the whole file, as static files do.</summary>
    private static System.Net.Http.Headers.RangeHeaderValue? SingleRange(HttpRequest request) =>
        request.Headers.Range is [{ } value] && System.Net.Http.Headers.RangeHeaderValue.TryParse(value, out var range) && range.Unit == "bytes" && range.Ranges.Count == 1
            ? range
            : null;

    /// <summary>Server failures become coded answers; the details (never the key) are in the log (<see cref="Log.JellyfinUnavailable"/>).</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (JellyfinException e) when (e.Failure == JellyfinFailure.NotFound)
        {
            throw new HuddleException(ErrorCodes.FilmNotFound, "The Jellyfin server no longer has this film.", ErrorKind.NotFound);
        }
        catch (JellyfinException e)
        {
            throw new HuddleException(JellyfinLibrary.CodeOf(e.Failure), "The Jellyfin server cannot serve this now; the film folder still works.", ErrorKind.Unavailable);
        }
    }
}
