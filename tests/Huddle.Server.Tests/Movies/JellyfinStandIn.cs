using System.Collections.Concurrent;
using System.Globalization;
using Huddle.Server.Tests.Music;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// A local stand-in for a Jellyfin server (10.9+ REST API): real Kestrel on a loopback port. Like
/// Jellyfin it answers 401 with an empty body unless the request carries the API key as
/// <c>Authorization: MediaBrowser …, Token="…"</c> (or the legacy <c>X-Emby-Token</c>); <c>/Items</c> with
/// PascalCase JSON (<c>Items</c>, <c>TotalRecordCount</c>, <c>StartIndex</c>) paged by <c>StartIndex</c> and
/// <c>Limit</c>, each movie with <c>MediaSources</c> and their <c>MediaStreams</c>; <c>/Videos/{id}/stream</c>
/// with <c>static=true</c> serving a real WebM (ffmpeg) with Range; and
/// <c>/Videos/{id}/{mediaSourceId}/Subtitles/{index}/Stream.vtt</c>. Unknown ids are 404.
/// </summary>
public sealed class JellyfinStandIn : IAsyncDisposable
{
    public const string ApiKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public const string SubtitleVtt = "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nThe river at night\n";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Url, string Headers)> _requests = new();
    private int _disposed;

    private JellyfinStandIn(WebApplication app, byte[] video)
    {
        _app = app;
        Video = video;
    }

    /// <summary>Each movie as <c>/Items</c> lists it; tests may add more (hostile ones too) before listing.</summary>
    public List<Dictionary<string, object?>> Movies { get; } =
    [
        Movie("5d1c3a0e9b8f4e2a9c7d6b5a4f3e2d1c", "The Night of the Hunter", 1955, "webm",
            Stream("Video", 0, "vp8", null, null), Stream("Subtitle", 2, "subrip", "eng", "English - SUBRIP"), Stream("Subtitle", 3, "PGSSUB", "fra", "French - PGS")),
        Movie("a1b2c3d4e5f60718293a4b5c6d7e8f90", "Metropolis", 1927, "mkv", Stream("Video", 0, "h264", null, null)),
        Movie("0badc0de0badc0de0badc0de0badc0de", "Old Tape", 1984, "avi", Stream("Video", 0, "mpeg4", null, null)),
    ];

    /// <summary>What every movie streams: a real two-second VP8 WebM.</summary>
    public byte[] Video { get; }

    /// <summary>The key the server accepts now (a test revokes it by changing it).</summary>
    public string AcceptedKey { get; set; } = ApiKey;

    /// <summary>When set, each <c>/Items</c> awaits it before answering (a test holds a listing in flight).</summary>
    public Func<Task>? BeforeItems { get; set; }

    /// <summary>Every request's path and query, and its headers, as the server saw them.</summary>
    public IReadOnlyList<(string Url, string Headers)> Requests => [.. _requests];

    /// <summary>The stand-in's address (kept: a test asks for it after stopping the server).</summary>
    public string Url { get; private set; } = "";

    public static string MediaSourceOf(string itemId) => itemId.Length == 32 ? itemId[..31] + "f" : itemId + "-source";

    public static Dictionary<string, object?> Movie(string id, string name, int year, string container, params object[] streams) => new()
    {
        ["Name"] = name, ["ServerId"] = "4c5e0b6a9d3f4a1c8b2e7d6f5a4b3c2d", ["Id"] = id, ["Type"] = "Movie", ["IsFolder"] = false,
        ["ProductionYear"] = year, ["RunTimeTicks"] = 20_000_000L, ["Container"] = container, ["MediaType"] = "Video",
        ["MediaSources"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["Protocol"] = "File", ["Id"] = MediaSourceOf(id), ["Path"] = $"/media/movies/{name}/{name}.{container}", ["Type"] = "Default",
                ["Container"] = container, ["Name"] = name, ["IsRemote"] = false, ["SupportsDirectStream"] = true, ["MediaStreams"] = streams,
            },
        },
    };

    public static object Stream(string type, int index, string codec, string? language, string? displayTitle) =>
        new { Type = type, Index = index, Codec = codec, Language = language, DisplayTitle = displayTitle, IsExternal = false };

    public static async Task<JellyfinStandIn> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("huddle-jellyfin-");
        byte[] video;
        try
        {
            var webm = Path.Combine(dir.FullName, "film.webm");
            await MusicFiles.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "2",
                "-c:v", "libvpx", "-b:v", "50k", webm]);
            video = await File.ReadAllBytesAsync(webm);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new JellyfinStandIn(app, video);
        app.Use(standIn.GateAsync);
        app.MapGet("/Items", standIn.Items);
        app.MapGet("/Videos/{id}/stream", (string id, HttpRequest r) =>
            standIn.Find(id) is { } movie && r.Query["static"] == "true" && r.Query["mediaSourceId"] == MediaSourceOf(id)
                ? Results.Bytes(standIn.Video, "video/webm", enableRangeProcessing: true)
                : Results.NotFound());
        app.MapGet("/Videos/{id}/{mediaSourceId}/Subtitles/{index:int}/Stream.vtt", (string id, string mediaSourceId, int index) =>
            standIn.Find(id) is { } && mediaSourceId == MediaSourceOf(id) && index == 2
                ? Results.Text(SubtitleVtt, "text/vtt")
                : Results.NotFound());
        app.MapFallback(() => Results.NotFound());
        await app.StartAsync();
        standIn.Url = app.Urls.First();
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The API key as Jellyfin reads it: the MediaBrowser/Emby Authorization header's Token, or X-Emby-Token.</summary>
    private async Task GateAsync(HttpContext http, RequestDelegate next)
    {
        var headers = string.Join('\n', http.Request.Headers.Select(h => $"{h.Key}: {h.Value}"));
        _requests.Enqueue((http.Request.Path + http.Request.QueryString, headers));
        var auth = http.Request.Headers.Authorization.ToString();
        var token = auth.StartsWith("MediaBrowser ", StringComparison.Ordinal) || auth.StartsWith("Emby ", StringComparison.Ordinal)
            ? auth.Split(',').Select(p => p.Trim()).Select(p => p.StartsWith("MediaBrowser ", StringComparison.Ordinal) ? p["MediaBrowser ".Length..] : p)
                .FirstOrDefault(p => p.StartsWith("Token=\"", StringComparison.Ordinal))?["Token=\"".Length..].TrimEnd('"')
            : http.Request.Headers["X-Emby-Token"].ToString();
        if (token != AcceptedKey)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        await next(http);
    }

    private async Task<IResult> Items(HttpRequest request)
    {
        if (BeforeItems is { } before) await before();
        var q = request.Query;
        if (q["IncludeItemTypes"] != "Movie" || !string.Equals(q["Recursive"], "true", StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { Items = Array.Empty<object>(), TotalRecordCount = 0, StartIndex = 0 }, JsonPascalCase);
        var start = int.Parse(q["StartIndex"].ToString() is { Length: > 0 } s ? s : "0", CultureInfo.InvariantCulture);
        var limit = int.Parse(q["Limit"].ToString() is { Length: > 0 } l ? l : "100000", CultureInfo.InvariantCulture);
        var withSources = q["Fields"].ToString().Contains("MediaSources", StringComparison.Ordinal);
        var page = Movies.Skip(start).Take(limit)
            .Select(m => withSources ? m : m.Where(p => p.Key != "MediaSources").ToDictionary(p => p.Key, p => p.Value))
            .ToList();
        return Results.Json(new { Items = page, TotalRecordCount = Movies.Count, StartIndex = start }, JsonPascalCase);
    }

    private Dictionary<string, object?>? Find(string id) => Movies.FirstOrDefault(m => Equals(m["Id"], id));

    private static readonly System.Text.Json.JsonSerializerOptions JsonPascalCase = new() { PropertyNamingPolicy = null };
}
