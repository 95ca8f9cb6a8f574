using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Huddle.Server.Http;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Subsonic;

/// <summary>Why a Subsonic call failed, as shown to hosts (<c>GET /api/music/subsonic</c>).</summary>
public enum SubsonicFailure
{
    /// <summary>Error 40/41 (wrong user or password, token auth refused) or HTTP 401/403.</summary>
    Unauthorized,
    Unreachable,
    Timeout,

    /// <summary>Not the documented JSON envelope: garbled, too large, or another kind of server.</summary>
    InvalidResponse,

    /// <summary>Error 70: the song or cover is not (any more) on the server.</summary>
    NotFound,

    /// <summary>Any other error code the server answered with.</summary>
    Refused,
}

public sealed class SubsonicException(SubsonicFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public SubsonicFailure Failure { get; } = failure;
}

/// <summary>
/// The Subsonic REST API (1.16.1, JSON) with token auth: every call carries <c>u</c>, a fresh salt
/// <c>s</c> and <c>t = md5(password + salt)</c>, so the password itself never goes over the wire and
/// a captured URL cannot be replayed with another salt. Answers are size-capped and parsed
/// defensively: the server is a third party.
/// </summary>
public sealed class SubsonicClient(HttpClient http, IOptions<SubsonicOptions> options, TimeProvider time)
{
    public const string ApiVersion = "1.16.1";
    public const string ClientName = "huddle";

    private readonly SubsonicOptions _options = options.Value;

    public async Task PingAsync(CancellationToken ct) => await GetJsonAsync("ping", [], ct);

    /// <summary>One page of <c>search3</c> songs; an empty query lists the whole library (OpenSubsonic clarification, all major servers).</summary>
    public async Task<IReadOnlyList<SubsonicSong>> SearchSongsAsync(string query, int count, int offset, CancellationToken ct)
    {
        var body = await GetJsonAsync("search3", [("query", query), ("artistCount", "0"), ("albumCount", "0"),
            ("songCount", count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("songOffset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))], ct);
        return body.SearchResult3?.Song ?? [];
    }

    /// <summary>
    /// Opens <c>stream</c> for the song, passing the browser's Range header through so seeking works.
    /// The caller owns the response. An error envelope (Subsonic answers errors with HTTP 200 and JSON) throws.
    /// </summary>
    public async Task<HttpResponseMessage> StreamAsync(string id, string? range, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address("stream", [("id", id)]));
        if (!string.IsNullOrEmpty(range) && RangeHeaderValue.TryParse(range, out var parsed)) request.Headers.Range = parsed;
        return await SendMediaAsync(request, "stream", ct);
    }

    /// <summary>The cover image bytes and media type, at most <paramref name="maxBytes"/>.</summary>
    public async Task<(byte[] Data, string MediaType)> CoverArtAsync(string coverId, int maxBytes, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address("getCoverArt", [("id", coverId)]));
        using var response = await SendMediaAsync(request, "getCoverArt", ct);
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not ("image/jpeg" or "image/png" or "image/gif" or "image/webp"))
            throw new SubsonicException(SubsonicFailure.InvalidResponse, $"getCoverArt answered with {type ?? "no content type"}, not an image.");
        var data = await ReadCappedAsync(response, maxBytes, "getCoverArt", ct);
        return (data, type);
    }

    private async Task<HttpResponseMessage> SendMediaAsync(HttpRequestMessage request, string method, CancellationToken ct)
    {
        var response = await SendAsync(request, method, ct);
        try
        {
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            if (type.Contains("json", StringComparison.OrdinalIgnoreCase) || type.Contains("xml", StringComparison.OrdinalIgnoreCase))
            {
                Check(Parse(await ReadCappedAsync(response, 64 * 1024, method, ct), method), method);
                throw new SubsonicException(SubsonicFailure.InvalidResponse, $"{method} answered with {type} instead of media.");
            }

            if ((int)response.StatusCode == 416) return response; // the browser asked past the end: its answer to see
            if (!response.IsSuccessStatusCode) throw HttpFailure(response, method);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<SubsonicBody> GetJsonAsync(string method, IEnumerable<(string, string)> query, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address(method, query));
        using var response = await SendAsync(request, method, ct);
        if (!response.IsSuccessStatusCode) throw HttpFailure(response, method);
        var body = Parse(await ReadCappedAsync(response, _options.MaxResponseBytes, method, ct), method);
        Check(body, method);
        return body;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string method, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SubsonicException(SubsonicFailure.Timeout, $"{method}: no answer within {_options.Timeout.TotalSeconds:0.##} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new SubsonicException(SubsonicFailure.Unreachable, $"{method}: the server could not be reached ({e.Message}).", e);
        }
    }

    private static SubsonicException HttpFailure(HttpResponseMessage response, string method) =>
        (int)response.StatusCode is 401 or 403
            ? new SubsonicException(SubsonicFailure.Unauthorized, $"{method}: HTTP {(int)response.StatusCode}; check Huddle:Music:Subsonic:User and Password.")
            : new SubsonicException(SubsonicFailure.InvalidResponse, $"{method}: HTTP {(int)response.StatusCode}; check Huddle:Music:Subsonic:Url.");

    /// <summary>The body, refusing more than <paramref name="maxBytes"/> without reading the rest.</summary>
    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, int maxBytes, string method, CancellationToken ct) =>
        await CappedBody.ReadAsync(response, maxBytes, ct)
        ?? throw new SubsonicException(SubsonicFailure.InvalidResponse, $"{method}: the answer is larger than {maxBytes} bytes (Huddle:Music:Subsonic:MaxResponseBytes).");

    private static SubsonicBody Parse(byte[] json, string method)
    {
        try
        {
            return JsonSerializer.Deserialize<SubsonicEnvelope>(json, Json)?.Response
                ?? throw new SubsonicException(SubsonicFailure.InvalidResponse, $"{method}: the answer has no \"subsonic-response\".");
        }
        catch (JsonException e)
        {
            // The parser's message quotes no payload, only a position: safe to log.
            throw new SubsonicException(SubsonicFailure.InvalidResponse, $"{method}: the answer is not the Subsonic JSON ({e.Message}).", e);
        }
    }

    private static void Check(SubsonicBody body, string method)
    {
        if (body.Status == "ok") return;
        var code = body.Error?.Code ?? 0;
        var message = MusicTags.Text(body.Error?.Message) ?? "no message";
        throw code switch
        {
            40 or 41 or 44 => new SubsonicException(SubsonicFailure.Unauthorized,
                $"{method}: error {code} ({message}); check Huddle:Music:Subsonic:User and Password."),
            70 => new SubsonicException(SubsonicFailure.NotFound, $"{method}: error 70 ({message})."),
            _ => new SubsonicException(SubsonicFailure.Refused, $"{method}: error {code} ({message})."),
        };
    }

    /// <summary>The call's address with fresh token auth. It holds the token: never log it, never send it to a browser.</summary>
    private Uri Address(string method, IEnumerable<(string Name, string Value)> query)
    {
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
#pragma warning disable CA5351 // MD5 is what the Subsonic API's token auth is defined with; the salt is fresh per call.
        var token = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(_options.Password + salt)));
#pragma warning restore CA5351
        var all = query.Concat<(string Name, string Value)>([("u", _options.User!), ("t", token), ("s", salt), ("v", ApiVersion), ("c", ClientName), ("f", "json")]);
        var text = string.Join('&', all.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
        return new Uri($"{_options.Url!.TrimEnd('/')}/rest/{method}?{text}");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        MaxDepth = 16,
    };

    private sealed record SubsonicEnvelope([property: JsonPropertyName("subsonic-response")] SubsonicBody? Response);

    private sealed record SubsonicBody(string? Status, SubsonicError? Error, SubsonicSearch? SearchResult3);

    private sealed record SubsonicError(int Code, string? Message);

    private sealed record SubsonicSearch(List<SubsonicSong>? Song);
}

/// <summary>A song as <c>search3</c> lists it (the fields Huddle uses).</summary>
public sealed record SubsonicSong(
    string? Id, string? Title, string? Artist, string? Album, int? Year, string? Genre, int? Duration, int? Track, string? CoverArt);
