using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Huddle.Server.Http;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies.Jellyfin;

/// <summary>Why a Jellyfin call failed, as the host's list shows it (<c>GET /api/films</c>, <c>jellyfin.code</c>).</summary>
public enum JellyfinFailure
{
    /// <summary>HTTP 401/403: the API key is wrong or was revoked.</summary>
    Unauthorized,
    Unreachable,
    Timeout,

    /// <summary>Not the documented JSON or media: garbled, too large, a redirect, a 5xx, or another kind of server.</summary>
    InvalidResponse,

    /// <summary>HTTP 404: the item, media source or subtitle stream is not (any more) on the server.</summary>
    NotFound,
}

public sealed class JellyfinException(JellyfinFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public JellyfinFailure Failure { get; } = failure;
}

/// <summary>
/// The few calls of Jellyfin's REST API (10.9+) a watch party needs: the movies (<c>/Items</c>, paged),
/// a video as stored (<c>/Videos/{id}/stream?static=true</c>: no transcoding, the browser's Range passes
/// through) and a subtitle stream converted to WebVTT by Jellyfin
/// (<c>/Videos/{id}/{mediaSourceId}/Subtitles/{index}/Stream.vtt</c>). Every call carries the API key in
/// the <c>Authorization: MediaBrowser …, Token="…"</c> header, never in a URL (URLs end up in logs).
/// Answers are size-capped and parsed defensively: the server is a third party.
/// </summary>
public sealed class JellyfinClient(HttpClient http, IOptions<JellyfinOptions> options, TimeProvider time)
{
    /// <summary>Films asked per page of <c>/Items</c>.</summary>
    public const int PageSize = 200;

    private readonly JellyfinOptions _options = options.Value;

    /// <summary>Every movie of the libraries the key (or <c>UserId</c>) sees, with its media sources and streams, at most <c>MaxFilms</c>.</summary>
    public async Task<(IReadOnlyList<JellyfinItem> Items, bool Cut)> ListMoviesAsync(CancellationToken ct)
    {
        var items = new List<JellyfinItem>();
        while (items.Count < _options.MaxFilms)
        {
            var query = $"Items?IncludeItemTypes=Movie&Recursive=true&Fields=MediaSources,MediaStreams&SortBy=SortName&SortOrder=Ascending"
                + $"&EnableImages=false&StartIndex={items.Count.ToString(CultureInfo.InvariantCulture)}&Limit={PageSize.ToString(CultureInfo.InvariantCulture)}"
                + (string.IsNullOrEmpty(_options.UserId) ? "" : "&UserId=" + Guid.Parse(_options.UserId).ToString("N"));
            using var request = new HttpRequestMessage(HttpMethod.Get, Address(query));
            using var response = await SendAsync(request, "Items", ct);
            if (!response.IsSuccessStatusCode) throw HttpFailure(response, "Items");
            var page = Parse(await ReadCappedAsync(response, _options.MaxResponseBytes, "Items", ct));
            var got = page.Items ?? [];
            items.AddRange(got);
            if (got.Count == 0 || items.Count >= page.TotalRecordCount) return (items, false);
        }

        return (items[.._options.MaxFilms], true);
    }

    /// <summary>
    /// Opens the stored file of the item's media source, passing the browser's Range header through so seeking works.
    /// The caller owns the response; a 416 comes back as it is (the browser asked past the end).
    /// </summary>
    public async Task<HttpResponseMessage> StreamAsync(string itemId, string mediaSourceId, RangeHeaderValue? range, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address($"Videos/{itemId}/stream?static=true&mediaSourceId={mediaSourceId}"));
        request.Headers.Range = range;
        var response = await SendAsync(request, "stream", ct);
        try
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) return response;
            if (!response.IsSuccessStatusCode) throw HttpFailure(response, "stream");
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            if (!type.StartsWith("video/", StringComparison.OrdinalIgnoreCase) && type != "application/octet-stream")
                throw new JellyfinException(JellyfinFailure.InvalidResponse, $"stream answered with {(type.Length == 0 ? "no content type" : type)} instead of a video.");
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>One subtitle stream as WebVTT (Jellyfin converts SubRip, ASS and the like), at most <c>MaxSubtitleBytes</c>.</summary>
    public async Task<string> SubtitleAsync(string itemId, string mediaSourceId, int index, CancellationToken ct)
    {
        var path = $"Videos/{itemId}/{mediaSourceId}/Subtitles/{index.ToString(CultureInfo.InvariantCulture)}/Stream.vtt";
        using var request = new HttpRequestMessage(HttpMethod.Get, Address(path));
        using var response = await SendAsync(request, "Subtitles", ct);
        if (!response.IsSuccessStatusCode) throw HttpFailure(response, "Subtitles");
        var bytes = await ReadCappedAsync(response, _options.MaxSubtitleBytes, "Subtitles", ct);
        var text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        if (!text.StartsWith("WEBVTT", StringComparison.Ordinal))
            throw new JellyfinException(JellyfinFailure.InvalidResponse, "Subtitles: the answer is not WebVTT.");
        return text;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string call, CancellationToken ct)
    {
        // MediaBrowser is the scheme Jellyfin reads (X-Emby-Token is its legacy alias); the key is a header value, never a query.
        request.Headers.TryAddWithoutValidation("Authorization",
            $"MediaBrowser Client=\"Huddle\", Device=\"Huddle server\", DeviceId=\"huddle-server\", Version=\"1.0\", Token=\"{_options.ApiKey}\"");
        request.Headers.Accept.ParseAdd(call == "stream" ? "*/*" : "application/json");
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new JellyfinException(JellyfinFailure.Timeout, $"{call}: no answer within {_options.Timeout.TotalSeconds:0.##} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new JellyfinException(JellyfinFailure.Unreachable, $"{call}: the server could not be reached ({e.HttpRequestError}).", e);
        }
    }

    private static JellyfinException HttpFailure(HttpResponseMessage response, string call) => (int)response.StatusCode switch
    {
        401 or 403 => new(JellyfinFailure.Unauthorized, $"{call}: HTTP {(int)response.StatusCode}; check Huddle:Films:Jellyfin:ApiKey (and UserId)."),
        404 => new(JellyfinFailure.NotFound, $"{call}: HTTP 404."),
        var status => new(JellyfinFailure.InvalidResponse, $"{call}: HTTP {status}; check Huddle:Films:Jellyfin:Url."),
    };

    /// <summary>The body, refusing more than <paramref name="maxBytes"/> without reading the rest.</summary>
    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, int maxBytes, string call, CancellationToken ct) =>
        await CappedBody.ReadAsync(response, maxBytes, ct)
        ?? throw new JellyfinException(JellyfinFailure.InvalidResponse, $"{call}: the answer is larger than {maxBytes} bytes.");

    private static JellyfinItemsPage Parse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<JellyfinItemsPage>(json, Json)
                ?? throw new JellyfinException(JellyfinFailure.InvalidResponse, "Items: the answer is empty.");
        }
        catch (JsonException e)
        {
            // The parser's message quotes no payload, only a position: safe to log.
            throw new JellyfinException(JellyfinFailure.InvalidResponse, $"Items: the answer is not Jellyfin's JSON ({e.Message}).", e);
        }
    }

    private Uri Address(string pathAndQuery) => new($"{_options.Url!.TrimEnd('/')}/{pathAndQuery}");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 16 };

    private sealed record JellyfinItemsPage(List<JellyfinItem>? Items, int TotalRecordCount);
}

/// <summary>A movie as <c>/Items</c> lists it (the fields Huddle uses; Jellyfin's JSON is PascalCase).</summary>
public sealed record JellyfinItem(string? Id, string? Name, int? ProductionYear, List<JellyfinMediaSource>? MediaSources);

public sealed record JellyfinMediaSource(string? Id, string? Container, List<JellyfinMediaStream>? MediaStreams);

public sealed record JellyfinMediaStream(string? Type, int? Index, string? Codec, string? Language, string? DisplayTitle);
