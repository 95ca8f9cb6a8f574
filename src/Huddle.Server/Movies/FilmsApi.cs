using System.Text;
using Huddle.Core;
using Huddle.Server.Movies.Jellyfin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

public sealed record FilmSubtitleDto(string Id, string Label, string Url);

/// <summary><c>Source</c>: <c>folder</c> or <c>jellyfin</c>; <c>Year</c> only from Jellyfin (the host's list matches it to the picked film).</summary>
public sealed record FilmDto(
    string Id, string Title, string ContentType, string VideoUrl, IReadOnlyList<FilmSubtitleDto> Subtitles, string Source = "folder", int? Year = null);

/// <summary>
/// <c>Configured</c> is false when neither a film folder nor Jellyfin is set (the party then watches on a
/// platform); <c>Jellyfin</c> is that source's state (<c>off</c>, <c>ok</c>, <c>failed</c> with its code).
/// </summary>
public sealed record FilmListDto(bool Configured, IReadOnlyList<FilmDto> Films, JellyfinStatus? Jellyfin = null);

/// <summary>
/// The film folder over HTTP: the list, each video with range requests (the same static-file range
/// handling the jam's audio route uses, so players can seek and buffer ahead) and its subtitles as WebVTT,
/// the only format a browser's &lt;track&gt; reads (SubRip is converted as it is served).
/// </summary>
public static class FilmsApi
{
    public static IEndpointRouteBuilder MapFilms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/films").WithTags("Films");
        group.MapGet("/", List);
        group.MapGet("/{id}/video", Video).Produces(200, (Type?)null, "video/mp4", "video/webm", "video/x-matroska")
            .Produces(206).Produces(416).ProducesProblem(404);
        group.MapGet("/{id}/subtitles/{subtitleId}", Subtitles).Produces(200, (Type?)null, "text/vtt").ProducesProblem(404);
        app.MapJellyfinFilms();
        return app;
    }

    /// <summary>The folder's films, then Jellyfin's; a Jellyfin failure leaves the folder's list whole and shows its code.</summary>
    private static async Task<Ok<FilmListDto>> List(FilmFolder folder, JellyfinLibrary jellyfin, CancellationToken ct)
    {
        var remote = await jellyfin.ListAsync(ct);
        var films = folder.List().Select(ToDto).Concat(remote.Select(ToDto)).ToList();
        return TypedResults.Ok(new FilmListDto(folder.Folder is not null || jellyfin.Enabled, films, jellyfin.Status));
    }

    private static PhysicalFileHttpResult Video(string id, FilmFolder folder)
    {
        var film = FilmFolder.Require(folder, id);
        return TypedResults.PhysicalFile(film.Path, film.ContentType, enableRangeProcessing: true);
    }

    private static async Task<ContentHttpResult> Subtitles(string id, string subtitleId, FilmFolder folder, IOptions<FilmFolderOptions> options, CancellationToken ct)
    {
        var film = FilmFolder.Require(folder, id);
        var subtitle = film.Subtitles.FirstOrDefault(s => s.Id == subtitleId)
            ?? throw new HuddleException(ErrorCodes.FilmNotFound, "This film has no such subtitles.", ErrorKind.NotFound);
        var info = new FileInfo(subtitle.Path);
        if (!info.Exists || info.Length > options.Value.MaxSubtitleBytes)
            throw new HuddleException(ErrorCodes.FilmNotFound, "These subtitles cannot be served.", ErrorKind.NotFound);
        var text = await File.ReadAllTextAsync(subtitle.Path, Encoding.UTF8, ct);
        var vtt = subtitle.Path.EndsWith(".srt", StringComparison.OrdinalIgnoreCase) ? Subtitle.SrtToVtt(text) : text;
        return TypedResults.Text(vtt, "text/vtt", Encoding.UTF8);
    }

    private static FilmDto ToDto(FilmFile f) => new(
        f.Id, f.Title, f.ContentType, $"/api/films/{f.Id}/video",
        f.Subtitles.Select(s => new FilmSubtitleDto(s.Id, s.Label, $"/api/films/{f.Id}/subtitles/{s.Id}")).ToList());

    private static FilmDto ToDto(JellyfinFilm f) => new(
        f.Id, f.Title, f.ContentType, JellyfinApi.VideoUrl(f),
        f.Subtitles.Select(s => new FilmSubtitleDto(s.Id, s.Label, JellyfinApi.SubtitleUrl(f, s))).ToList(), "jellyfin", f.Year);
}

/// <summary>SubRip to WebVTT: a header, and a dot instead of a comma before the milliseconds of each timing line.</summary>
public static class Subtitle
{
    public static string SrtToVtt(string srt)
    {
        var lines = srt.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var output = new StringBuilder("WEBVTT\n\n");
        foreach (var line in lines)
        {
            output.Append(line.Contains("-->", StringComparison.Ordinal) ? line.Replace(',', '.') : line).Append('\n');
        }

        return output.ToString();
    }
}
