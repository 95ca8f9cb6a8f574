using System.Text;
using Huddle.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

public sealed record FilmSubtitleDto(string Id, string Label, string Url);

public sealed record FilmDto(string Id, string Title, string ContentType, string VideoUrl, IReadOnlyList<FilmSubtitleDto> Subtitles);

/// <summary><c>Configured</c> is false when no film folder is set (the party then watches on a platform).</summary>
public sealed record FilmListDto(bool Configured, IReadOnlyList<FilmDto> Films);

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
        return app;
    }

    private static Ok<FilmListDto> List(FilmFolder folder) =>
        TypedResults.Ok(new FilmListDto(folder.Folder is not null, folder.List().Select(ToDto).ToList()));

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
